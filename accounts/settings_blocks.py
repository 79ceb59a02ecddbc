"""Blocks other apps add to the account settings page (``views.account_settings``).

Accounts sits below the apps that own these blocks (the newsletter), so it neither
imports them nor loads their template tags. Instead each app registers a block from its
``AppConfig.ready()``, as "download my data" sections are registered (``exports.py``)::

    from accounts.settings_blocks import register_settings_block

    register_settings_block("newsletter", account_settings_block)

where ``account_settings_block(request)`` returns the block's HTML, rendered from a
template the app owns. Blocks show in the order they were registered.
"""

_blocks = {}


def register_settings_block(name, function):
    """Show ``function(request)``'s HTML on every account settings page."""
    _blocks[name] = function


def settings_blocks(request):
    """The registered blocks' HTML for this request."""
    return [function(request) for function in _blocks.values()]
