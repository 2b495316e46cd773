import socket


def port_is_free(host: str, port: int) -> bool:
    """True if nothing listens on host:port (we try to bind it ourselves, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True
