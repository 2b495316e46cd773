"""Who may see and work on a team project.

Drafts are seen only by the team (its fellows), its mentor and coordination; the same people reach
its management page. The team writes its summary, chooses commitments and SDG targets, and hands
in deliverables; the mentor sets deliverables and gives feedback; coordination creates projects,
forms teams, names mentors and publishes. ``obj`` is the project or one of its deliverables.
"""

from apertus.accounts.rules import is_coordinator
from apertus.core.permissions import add_rule, predicate


def project_of(obj):
    if obj is None:
        return None
    return obj.project if hasattr(obj, "project_id") else obj


def team_fellow_ids(project) -> set[int]:
    """The ids of the team's fellows, read once per project object (prefetched ones are reused)."""
    cached = getattr(project, "_team_fellow_ids", None)
    if cached is None:
        prefetched = getattr(project, "_prefetched_objects_cache", {}).get("fellows")
        if prefetched is not None:
            cached = {user.pk for user in prefetched}
        else:
            cached = set(project.fellows.values_list("pk", flat=True))
        project._team_fellow_ids = cached
    return cached


@predicate
def is_team_member(user, obj):
    project = project_of(obj)
    if project is None or not getattr(user, "is_authenticated", False) or project.pk is None:
        return False
    return user.pk in team_fellow_ids(project)


@predicate
def is_mentor(user, obj):
    project = project_of(obj)
    return bool(
        project is not None
        and getattr(user, "is_authenticated", False)
        and project.mentor_id is not None
        and project.mentor_id == user.pk
    )


@predicate
def is_published_project(user, obj):
    project = project_of(obj)
    return bool(project is not None and project.is_published)


add_rule("teams.view_project", is_published_project | is_coordinator | is_team_member | is_mentor)
add_rule("teams.view_management", is_coordinator | is_team_member | is_mentor)
add_rule("teams.add_project", is_coordinator)
# Title, summary, commitments and SDG targets: the team's own words and choices.
add_rule("teams.change_project", is_coordinator | is_team_member)
# Team, mentor, STL and publication.
add_rule("teams.manage_project", is_coordinator)
add_rule("teams.add_deliverable", is_coordinator | is_mentor)
add_rule("teams.submit_deliverable", is_team_member)
add_rule("teams.review_deliverable", is_coordinator | is_mentor)
# Feedback is a conversation between mentor and team: never on the public page.
add_rule("teams.view_feedback", is_coordinator | is_mentor | is_team_member)
