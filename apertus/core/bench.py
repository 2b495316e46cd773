"""The hello-world of `make bench`: the cheapest page Django can serve through the same stack.

Mounted only when APERTUS_BENCH_HELLO is on (the benchmark's server), so pages can be compared
with it under the same settings, middleware and gunicorn workers.
"""

from django.http import HttpResponse


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")
