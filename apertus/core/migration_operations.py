"""Migration operations of our own.

``CreateModels`` creates several models in one operation: the same state and the same tables as the
``CreateModel`` operations it holds, in their order, but cheaper to apply. While ``migrate`` runs, the
migration state keeps its models rendered, and each ``CreateModel`` renders again the new model and
every model it reaches through relations; since nearly every model (and its historical twin) points
at the user model, that is nearly every model, once per ``CreateModel``. Here the models are added to
the state first and rendered once, together. The squashed migrations (and a few initial ones) use it
for their runs of ``CreateModel``.

``AddFields`` does the same for a run of ``AddField`` operations on models that already exist: each
``AddField`` renders again, in the state, the model and every model it reaches through relations (the
user model, and so nearly every model); here the fields are added to the state first and the models
rendered once. Each field's column is added with the model as it is just before and just after that
field, and only that model is rendered again between one field and the next: a column needs its own
table and the tables it points to, whose models do not change.
"""

from itertools import pairwise

from django.db.migrations.operations import AddField, CreateModel
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


class AddFields(Operation):
    reduces_to_sql = True
    reversible = True
    serialization_expand_args = ["operations"]

    def __init__(self, operations: list[AddField]):
        if not operations or not all(isinstance(operation, AddField) for operation in operations):
            raise ValueError("AddFields holds AddField operations only")
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operations], {}

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)
        try:
            for operation in self.operations:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.apps = rendered
        if rendered is not None:
            # As AddField does: relations to the other models are rendered again with a related field only.
            models = {(app_label, operation.model_name_lower) for operation in self.operations}
            state.reload_models(sorted(models), delay=not any(op.field.is_relation for op in self.operations))

    def _states(self, app_label, state):
        """The state before the first field, then after each one, with the models of ``state``'s apps."""
        state.apps  # noqa: B018 (rendered, if it was not yet)
        states = [state]
        for operation in self.operations:
            state = state.clone()
            rendered = state.__dict__.pop("apps")
            operation.state_forwards(app_label, state)
            state.apps = rendered
            with rendered.bulk_update():
                rendered.unregister_model(app_label, operation.model_name_lower)
            rendered.render_multiple([state.models[app_label, operation.model_name_lower]])
            states.append(state)
        return states

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        states = self._states(app_label, from_state)
        for operation, (before, after) in zip(self.operations, pairwise(states), strict=True):
            operation.database_forwards(app_label, schema_editor, before, after)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        states = self._states(app_label, to_state)
        for operation, (before, after) in reversed(list(zip(self.operations, pairwise(states), strict=True))):
            operation.database_backwards(app_label, schema_editor, after, before)

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def references_field(self, model_name, name, app_label):
        return any(operation.references_field(model_name, name, app_label) for operation in self.operations)

    def describe(self):
        return "Add fields " + ", ".join(f"{operation.model_name}.{operation.name}" for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return "_".join(operation.migration_name_fragment for operation in self.operations)[:40]
