app_name = "stl"
urlpatterns: list = []
