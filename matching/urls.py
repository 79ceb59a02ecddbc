from django.urls import path

from matching import views

urlpatterns = [
    path("matches/<int:pk>/feedback/", views.match_feedback, name="match_feedback"),
    path("keywords/suggestions/", views.keyword_suggestions, name="keyword_suggestions"),
]
