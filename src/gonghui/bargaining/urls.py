from django.urls import path

from gonghui.core.routes import object_urls

from . import views
from .models import Offer, OfferCampaign

app_name = "bargaining"
urlpatterns = object_urls("campaign", "campaigns/", list=views.CampaignListView, detail=views.CampaignDetailView,
                          edit=views.CampaignEditView, actions={"send_offers": views.CampaignSendOffersView,
                                                                "close": views.CampaignCloseView},
                          model=OfferCampaign)
urlpatterns += object_urls("offer", list=views.OfferListView, detail=views.OfferDetailView,
                           edit=views.OfferEditView, model=Offer,
                           actions={"send": views.OfferSendView, "answer": views.OfferAnswerView,
                                    "withdraw": views.OfferWithdrawView, "record_round": views.OfferRecordRoundView})
urlpatterns += object_urls("instructor", "instructors/", list=views.InstructorListView,
                           detail=views.InstructorDetailView, edit=views.InstructorEditView)
urlpatterns += [
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/<int:pk>/minutes/", views.RoundMinutesView.as_view(), name="round_minutes"),
]
