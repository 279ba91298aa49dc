from django.urls import path

from . import next_year_views, review_views, views

plan = "plans/<slug:satker_slug>/<int:year>/"
month = plan + "evidence/<int:requirement_id>/<int:month>/"
file = plan + "files/<uuid:file_id>/"

urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path(plan + "review/", review_views.review_queue, name="review_queue"),
    path(
        plan + "review/approve/",
        review_views.review_approve_selected,
        name="review_approve_selected",
    ),
    path(plan + "pics/", views.plan_pics, name="plan_pics"),
    path(plan + "matrix/mine/", views.plan_matrix_mine, name="plan_matrix_mine"),
    path(plan + "activity/", views.plan_activity, name="plan_activity"),
    path(plan + "next-year/", next_year_views.plan_next_year, name="plan_next_year"),
    path(
        plan + "evidence/<int:requirement_id>/",
        views.requirement_detail,
        name="requirement_detail",
    ),
    path(month, views.cell_detail, name="cell_detail"),
    path(month + "upload/", views.cell_upload, name="cell_upload"),
    path(month + "realization/", views.cell_realization, name="cell_realization"),
    path(file, views.evidence_file, name="evidence_file"),
    path(file + "download/", views.evidence_file_download, name="evidence_file_download"),
    path(file + "thumbnail/", views.evidence_thumbnail, name="evidence_thumbnail"),
    path(file + "review/", review_views.file_review, name="file_review"),
    path(file + "withdraw/", views.file_withdraw, name="file_withdraw"),
]
