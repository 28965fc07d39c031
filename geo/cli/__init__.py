"""`python -m geo ...`: the parser and one module per group of commands.

Imports everything below it, nothing imports it.
"""
