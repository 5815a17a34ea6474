"""办事指南 (service guides): the structured content of a 办事指南 item.

Not to be confused with the 政府信息公开指南 (catalog). ``models`` holds the guide, its steps and
materials; ``services`` writes them and generates the item's body; ``admin`` is the staff form;
``views`` and ``urls`` the public page.
"""
