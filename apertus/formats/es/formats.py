# Spanish here is Mexican Spanish: 1,971,520 and 25/10/2026, not the Spanish-of-Spain 1.971.520.
from django.conf.locale.es_MX.formats import *  # noqa: F403
