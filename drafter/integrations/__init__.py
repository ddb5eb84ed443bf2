"""Adapters that expose drafter to other frameworks.

Each adapter lives in its own module and imports its framework there, so
``import drafter`` never needs them:

- ``drafter.integrations.langchain``: ``DrafterRetriever``, a LangChain retriever.
"""
