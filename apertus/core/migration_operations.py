"""Migration operations of our own.

``CreateModels`` creates several models in one operation: the same state and the same tables as the
``CreateModel`` operations it holds, in their order, but cheaper to apply. While ``migrate`` runs, the
migration state keeps its models rendered, and each ``CreateModel`` renders again the new model and
every model it reaches through relations; since nearly every model (and its historical twin) points
at the user model, that is nearly every model, once per ``CreateModel``. Here the models are added to
the state first and rendered once, together. The squashed migrations (and a few initial ones) use it
for their runs of ``CreateModel``.
"""

from django.db.migrations.operations import CreateModel
from django.db.migrations.operations.base import Operation


class CreateModels(Operation):
    reduces_to_sql = True
    reversible = True
    serialization_expand_args = ["operations"]

    def __init__(self, operations: list[CreateModel]):
        if not operations or not all(isinstance(operation, CreateModel) for operation in operations):
            raise ValueError("CreateModels holds CreateModel operations only")
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operations], {}

    def state_forwards(self, app_label, state):
        # With the rendered models set aside, adding a model to the state renders nothing.
        rendered = state.__dict__.pop("apps", None)
        try:
            for operation in self.operations:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.apps = rendered
        if rendered is not None:
            state.reload_models([(app_label, operation.name_lower) for operation in self.operations], delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def describe(self):
        return "Create models " + ", ".join(operation.name for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return "_".join(operation.migration_name_fragment for operation in self.operations)[:40]
