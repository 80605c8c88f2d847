"""``budgetlint serve``: a local web app for people who will never open a terminal.

Needs the optional ``[web]`` extra (Starlette, uvicorn, python-multipart).
"""
