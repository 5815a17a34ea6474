"""依申请转主动公开 (条例 Art. 44): repeated requests for the same information, the handler's
decision, and the item published. Design: docs/proactive-conversion.md."""
