"""Write paths of 意见征集: drafting and opening (``drafting``), comments and their moderation
(``comments``), the 采纳情况 feedback (``feedback``). Views, admin actions, the management
command and the demo call these, never the models' ``save`` for a state change."""
