"""Staff access to applicants' personal data, logged (个人信息保护法 Art. 51, 等保 2.0 安全审计)."""
