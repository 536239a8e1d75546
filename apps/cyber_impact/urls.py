app_name = "cyber_impact"
urlpatterns = []
