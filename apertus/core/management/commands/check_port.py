from django.core.management.base import BaseCommand, CommandError

from apertus.core.ports import port_is_free


class Command(BaseCommand):
    help = "Comprueba que el puerto esté libre antes de servir."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host, port, **options):
        if not port_is_free(host, port):
            raise CommandError(
                f"El puerto {port} ya está en uso (¿Apertus ya está corriendo?). / "
                f"Port {port} is already in use (is Apertus already running?). "
                f"Detén el otro proceso o usa: make run PORT=8001"
            )
