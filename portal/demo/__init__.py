"""Demo data for 示例县 that is not one app's: built through the apps' own services.

Kept next to the seed_demo command, out of the domain apps (house style: demo and synthetic data
live at the top).
"""
