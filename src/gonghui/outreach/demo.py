"""Demo records of contacts and the service network: the district's assistance centre and stations, its mediators,
a custody agreement with members, contact areas and cadres' contact employers with their visits, care visits
(hospital, bereavement, struggling employers), meetings with the government and the tripartite mechanism, and the
consultations of the last months."""

import datetime

from gonghui.core.services import save_object
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit, Organisation

from . import services
from .models import Consultation, Mediator, PartnerMeeting, ServicePoint

CADRES = ["王建国", "李秀英", "张伟", "陈静", "刘洋", "赵磊"]
PROBLEMS = [("夜班津贴标准偏低，职工反映强烈", 1, 1), ("部分新入职职工未签订书面劳动合同", 2, 1),
            ("食堂就餐环境差", 1, 0), ("高温津贴发放不及时", 1, 1), ("", 0, 0)]
SUBJECTS = [("legal", "解除劳动合同的经济补偿如何计算"), ("legal", "工伤认定需要哪些材料"),
            ("policy", "困难职工建档标准"), ("employment", "失业后如何领取失业保险金"),
            ("legal", "加班工资的计算基数"), ("psychological", "长期倒班导致失眠焦虑"),
            ("policy", "职工医疗互助保障如何参加")]


def load(ctx):
    admin, district, today, rng = ctx["admin"], ctx["district"], ctx["today"], ctx["rng"]
    streets = list(Organisation.objects.filter(path__startswith=district.path, depth=district.depth + 1)
                   .order_by("path")[:4])
    grassroots = list(Organisation.objects.filter(path__startswith=district.path, depth=district.depth + 2)
                      .order_by("path")[:12])
    year_ago = today - datetime.timedelta(days=330)

    def point(org, kind, name, address, services_, staff, hours):
        data = {"org": org, "kind": kind, "name": name, "address": address, "services": services_, "staff": staff,
                "opening_hours": hours, "telephone": f"0516-8{rng.randint(1000000, 9999999)}", "active": True}
        save_object(admin, ServicePoint(), data, fields=list(data))

    point(district, "centre", f"{district.name}职工服务中心", "和平路88号",
          "困难职工帮扶、法律援助、就业服务、心理咨询", 9, "周一至周五 8:30-17:30")
    for n, street in enumerate(streets):
        point(street, "station", f"{street.name}职工服务站", f"{street.name.rstrip('工会')}便民服务中心二楼",
              "政策咨询、困难申报、维权受理", 2 + n % 2, "周一至周五 9:00-17:00")
    for org in grassroots[:3]:
        point(org, "point", f"{org.name}职工之家服务点", "厂区综合楼一楼", "职工诉求受理、互助保障申报", 1,
              "工作日 12:00-13:00")

    for n, name in enumerate(["周海燕", "孙立军", "吴桂兰", "郑国强"]):
        data = {"org": district, "committee": f"{district.name}劳动争议调解委员会", "name": name, "phone": "",
                "speciality": ("工资争议", "工伤争议", "劳动合同争议", "社会保险争议")[n],
                "since": today - datetime.timedelta(days=400 + 90 * n), "active": n != 3}
        save_object(admin, Mediator(), data, fields=list(data))

    agreement = services.save_custody(admin, None, org=streets[0] if streets else district,
                                      counterpart="东关小微企业联合体（12家个体工商户）", signed_on=year_ago,
                                      starts_on=year_ago, ends_on=today + datetime.timedelta(days=20),
                                      notes="辖区内未建会的小微企业职工由街道工会托管，会费按月收缴。")
    for member in Member.objects.filter(org__path__startswith=agreement.org.path, status="active")[:6]:
        services.add_custody_member(admin, agreement, member=member, since=year_ago)

    if streets:
        services.save_area(admin, None, org=district, name="东片区", lead="李秀英", notes="",
                           unions=streets[: max(1, len(streets) // 2)])
        services.save_area(admin, None, org=district, name="西片区", lead="张伟", notes="",
                           unions=streets[max(1, len(streets) // 2):])

    units = list(EmployerUnit.objects.filter(union__path__startswith=district.path).order_by("-employee_count")[:6])
    for n, unit in enumerate(units):
        assignment = services.save_contact(admin, None, org=district, cadre=CADRES[n % len(CADRES)], unit=unit,
                                           since=year_ago, until=None, notes="")
        for k in range(1 + n % 3):
            problems, raised, solved = PROBLEMS[(n + k) % len(PROBLEMS)]
            services.save_contact_visit(admin, None, assignment=assignment,
                                        visited_on=year_ago + datetime.timedelta(days=60 + 90 * k + n),
                                        problems=problems, problems_raised=raised, problems_solved=solved,
                                        notes="")

    members = list(Member.objects.filter(org__path__startswith=district.path, status="active")[:8])
    kinds = ["illness", "illness", "bereavement", "birth", "family", "illness"]
    for n, member in enumerate(members[:6]):
        services.save_visit(admin, None, org=member.org, kind=kinds[n], member=member, person="",
                            visited_on=today - datetime.timedelta(days=5 + 23 * n), visitors="工会主席、女工委员",
                            amount=("500.00", "800.00", "1000.00", "300.00", "0.00", "500.00")[n], notes="")
    for n, unit in enumerate(units[-2:]):
        services.save_visit(admin, None, org=district, kind="employer", unit=unit, person="",
                            visited_on=today - datetime.timedelta(days=40 + 30 * n), visitors="区总工会副主席",
                            amount="0.00", notes="订单下滑，了解职工工资发放和稳岗情况。")

    for kind, partners, issues, decisions, days in (
        ("government", "区政府分管副区长、人社局、住建局", "治理工程建设领域欠薪",
         "设立欠薪应急周转金，建立月度通报制度", 120),
        ("tripartite", "区人社局、区工商联、区企业联合会", "推进工资集体协商和劳动关系和谐企业创建",
         "联合开展集中要约行动", 200),
        ("party", "区委组织部、区委社会工作部", "新就业形态劳动者入会", "联合开展快递外卖骑手集中入会行动", 60),
    ):
        data = {"org": district, "kind": kind, "held_on": today - datetime.timedelta(days=days), "partners": partners,
                "issues": issues, "decisions": decisions, "follow_up": "", "followed_up": days > 100}
        save_object(admin, PartnerMeeting(), data, fields=list(data))

    for n in range(18):
        kind, subject = SUBJECTS[n % len(SUBJECTS)]
        data = {"org": district if n % 3 else (streets[n % len(streets)] if streets else district), "kind": kind,
                "channel": ("visit", "phone", "online")[n % 3], "consulted_on": today - datetime.timedelta(days=4 * n),
                "subject": subject, "answer": "已当场解答并告知办理渠道。", "people": 1 + n % 2}
        save_object(admin, Consultation(), data, fields=list(data))
