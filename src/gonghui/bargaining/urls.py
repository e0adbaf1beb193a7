from gonghui.core.routes import object_urls

from . import views
from .models import Offer, OfferCampaign

app_name = "bargaining"
urlpatterns = object_urls("campaign", "campaigns/", list=views.CampaignListView, detail=views.CampaignDetailView,
                          edit=views.CampaignEditView, actions={"send_offers": views.CampaignSendOffersView,
                                                                "close": views.CampaignCloseView},
                          model=OfferCampaign)
urlpatterns += object_urls("offer", list=views.OfferListView, detail=views.OfferDetailView, edit=views.OfferEditView,
                          actions={"send": views.OfferSendView, "answer": views.OfferAnswerView,
                                   "withdraw": views.OfferWithdrawView}, model=Offer)
