from django.urls import path

from apertus.forums.views import messages, publishing, talk

app_name = "forums"
urlpatterns = [
    path("", talk.index, name="index"),
    # Private messages
    path("mensajes/", messages.inbox, name="inbox"),
    path("mensajes/<int:pk>/", messages.conversation_detail, name="conversation"),
    path("<int:year>/mensajes/nuevo/", messages.conversation_new, name="conversation_new"),
    # Topics and posts (their forum decides who sees them)
    path("temas/<int:pk>/", talk.topic_detail, name="topic"),
    path("temas/<int:pk>/moderar/", talk.topic_moderate, name="topic_moderate"),
    path("temas/<int:pk>/suscripcion/", talk.topic_subscription, name="topic_subscription"),
    path("publicaciones/<int:pk>/", talk.post_detail, name="post"),
    path("publicaciones/<int:pk>/editar/", talk.post_edit, name="post_edit"),
    path("publicaciones/<int:pk>/moderar/", talk.post_moderate, name="post_moderate"),
    # Notices
    path("avisos/<int:pk>/", publishing.notice_detail, name="notice"),
    path("avisos/<int:pk>/enviar/", publishing.notice_send, name="notice_send"),
    path("<int:year>/avisos/", publishing.notice_list, name="notice_list"),
    path("<int:year>/avisos/nuevo/", publishing.notice_new, name="notice_new"),
    # News
    path("<int:year>/noticias/", publishing.news_list, name="news_list"),
    path("<int:year>/noticias/nueva/", publishing.news_edit, name="news_new"),
    path("<int:year>/noticias/<slug:slug>/", publishing.news_detail, name="news_detail"),
    path("<int:year>/noticias/<slug:slug>/editar/", publishing.news_edit, name="news_edit"),
    # Blog
    path("<int:year>/blog/", publishing.blog_list, name="blog_list"),
    path("<int:year>/blog/nueva/", publishing.blog_edit, name="blog_new"),
    path("<int:year>/blog/<slug:slug>/", publishing.blog_detail, name="blog_detail"),
    path("<int:year>/blog/<slug:slug>/editar/", publishing.blog_edit, name="blog_edit"),
    path("<int:year>/blog/<slug:slug>/revision/", publishing.blog_review, name="blog_review"),
    # A cohort's forums (forum slugs never take the names above: RESERVED_SLUGS)
    path("<int:year>/", talk.cohort, name="cohort"),
    path("<int:year>/<slug:slug>/", talk.forum_detail, name="forum"),
    path("<int:year>/<slug:slug>/nuevo-tema/", talk.topic_create, name="topic_create"),
]
