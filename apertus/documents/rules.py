"""Who may see, add and change documents.

``documents.view_document``: public documents to everyone; private ones to coordinators, to
whoever uploaded them and to the STL members of the document's state.
"""

from apertus.accounts.rules import is_authenticated, is_coordinator, is_stl_member_of_state
from apertus.core.permissions import add_rule, has_perm, predicate


@predicate
def is_public_document(user, obj):
    return bool(obj is not None and getattr(obj, "is_public", False))


@predicate
def is_uploader(user, obj):
    uploader_id = getattr(obj, "uploaded_by_id", None)
    return bool(user and user.is_authenticated and uploader_id is not None and uploader_id == user.pk)


add_rule("documents.view_document", is_public_document | is_coordinator | is_uploader | is_stl_member_of_state)
add_rule("documents.change_document", is_coordinator | is_stl_member_of_state)
# ``obj`` is the State the new document will belong to (None: only coordinators).
add_rule("documents.add_document", is_authenticated & (is_coordinator | is_stl_member_of_state))


def can_view_document(user, document) -> bool:
    """``documents.view_document``, anonymous visitors included.

    ``has_perm`` says no to every anonymous question (``AnonymousUser.is_active`` is False), yet a
    public document is public to them too.
    """
    if user is None or not user.is_authenticated:
        return is_public_document(user, document)
    return has_perm(user, "documents.view_document", document)
