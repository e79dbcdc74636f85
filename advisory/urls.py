from django.urls import path

from advisory import views

app_name = "advisory"

urlpatterns = [
    path("<slug:slug>/announcements/", views.announcements, name="announcements"),
]
