#!/usr/bin/env python3
# Builds platform/search/tests/golden/customers.json from hand-checked
# fixtures: expectations come from the fixtures' own (hand-written) pinyin
# and text, never from the crate under test.
import json, itertools
# key, name (as stored), simplified name, traditional name or None, pinyin syllables (surname read right),
# company, company fragments, title, phone, email, owner, gender, status, grade, tags
F = [
 ("wxm","王小明","王小明","王小明","wang xiao ming","中国农业发展银行北京分行",["农业发展","发展银行"],"客户经理","138-0013-1234","xiaoming.wang@adbc.cn","u1","男","active","A",["VIP"]),
 ("ls","李四","李四",None,"li si","深圳市瑞丰电子科技有限公司",["瑞丰","瑞丰电子"],"采购总监","13912345678","lisi@ruifeng.com","u1","男","active","B",[]),
 ("zxy","張學友","张学友","張學友","zhang xue you","香港環球唱片有限公司",["環球唱片","环球唱片"],"董事长","+852 9123 4567","jacky@universal.hk","u2","男","active","A",["明星"]),
 ("stf","单田芳","单田芳","單田芳","shan tian fang","鞍山曲艺团",["曲艺团","鞍山曲艺"],"评书艺术家","0412-5558866","stf@qyt.org","u2","男","lost","C",[]),
 ("zzw","曾志伟","曾志伟","曾志偉","zeng zhi wei","寰亚电影发行有限公司",["寰亚电影","电影发行"],"总经理","13600998811","eric@mediaasia.com","u3","男","active","A",[]),
 ("ojm","区家明","区家明","區家明","ou jia ming","广州白云山制药股份有限公司",["白云山","制药股份"],"销售代表","020-86662233","ojm@baiyunshan.com",None,"男","new","C",[]),
 ("xjh","解佳慧","解佳慧",None,"xie jia hui","杭州西湖龙井茶业有限公司",["龙井茶业","西湖龙井"],"市场部经理","15857112233","jiahui.xie@longjing.cn","u1","女","active","B",[]),
 ("qhl","仇海龙","仇海龙",None,"qiu hai long","大连海洋渔业集团",["海洋渔业","渔业集团"],"船队队长","13998760011","qiuhl@dlfish.com",None,"男","new","C",[]),
 ("pcs","朴春善","朴春善",None,"piao chun shan","延边长白山人参贸易有限公司",["人参贸易","长白山人参"],"进口业务员","13704331199","pcs@cbsginseng.cn","u2","女","active","B",[]),
 ("zyn","查永宁","查永宁",None,"zha yong ning","海宁皮革城股份有限公司",["皮革城","海宁皮革"],"财务总监","13905730066","zha.yn@hnpgc.com","u3","男","active","A",[]),
 ("gqm","盖秋梅","盖秋梅",None,"ge qiu mei","济南趵突泉啤酒厂",["趵突泉","啤酒厂"],"质检主管","0531-82223344","gqm@btq-beer.com","u1","女","active","B",[]),
 ("yyf","乐云峰","乐云峰",None,"yue yun feng","宁波天一阁文化传媒有限公司",["天一阁","文化传媒"],"艺术总监","13857480022","yunfeng@tianyige.cn",None,"男","new","C",[]),
 ("wsq","万世清","万世清",None,"wan shi qing","九江庐山旅游发展有限公司",["庐山旅游","旅游发展"],"运营经理","13970220033","wansq@lushan.travel","u2","男","active","B",[]),
 ("ycg","尉迟恭","尉迟恭",None,"yu chi gong","西安大唐不夜城商业管理有限公司",["大唐不夜城","不夜城"],"安保总监","029-85556677","yuchigong@datang.com","u3","男","active","A",[]),
 ("oyf","欧阳锋","欧阳锋","歐陽鋒","ou yang feng","白驼山庄生物科技有限公司",["白驼山庄","生物科技"],"首席科学家","13311112222","feng.ouyang@baituo.bio","u1","男","active","A",[]),
 ("sgwr","上官婉儿","上官婉儿","上官婉兒","shang guan wan er","长安文书档案服务中心",["文书档案","档案服务"],"档案管理员","18629001234","wan.er@changan-archive.cn",None,"女","new","C",[]),
 ("zgl","诸葛亮","诸葛亮",None,"zhu ge liang","卧龙岗智能咨询有限公司",["卧龙岗","智能咨询"],"首席顾问","13607771800","kongming@wolong.ai","u2","男","active","A",["战略"]),
 ("smq","司马迁","司马迁","司馬遷","si ma qian","太史公出版社",["太史公","出版社"],"主编","010-66001122","simaqian@taishi.press","u3","男","active","B",[]),
 ("lhc","令狐冲","令狐冲","令狐沖","ling hu chong","华山派剑术培训中心",["剑术培训","华山派"],"首席教练","13509170055","linghu@huashan.edu","u1","男","active","B",[]),
 ("mrf","慕容复","慕容复","慕容復","mu rong fu","姑苏燕子坞园林工程有限公司",["燕子坞","园林工程"],"项目经理","13771661234","murong.fu@yanziwu.com",None,"男","lost","C",[]),
 ("dfbb","东方不败","东方不败","東方不敗","dong fang bu bai","黑木崖矿业投资有限公司",["黑木崖","矿业投资"],"董事长","13900001111","dongfang@heimuya.com","u2","女","active","A",[]),
 ("hyp","黄一平","黄一平","黃一平","huang yi ping","中国石油天然气集团公司",["石油天然气","天然气"],"工程师","13811223344","hyp@cnpc.com.cn","u3","男","active","B",[]),
 ("cjl","陈嘉玲","陈嘉玲","陳嘉玲","chen jia ling","台北鼎泰丰餐饮股份有限公司",["鼎泰丰","餐饮股份"],"区域经理","+886 912 345 678","jialing.chen@dintaifung.tw","u1","女","active","A",[]),
 ("lyh","刘玉华","刘玉华","劉玉華","liu yu hua","武汉长江轮船运输有限公司",["长江轮船","轮船运输"],"调度主任","027-82881234","yuhua.liu@cjlc.cn","u2","女","active","B",[]),
 ("zjg","赵建国","赵建国","趙建國","zhao jian guo","河北钢铁集团唐山分公司",["河北钢铁","钢铁集团"],"厂长","13303151234","zhaojg@hbis.com",None,"男","new","C",[]),
 ("syx","孙悦欣","孙悦欣","孫悅欣","sun yue xin","成都天府软件园管理有限公司",["天府软件园","软件园"],"招商专员","18980001122","yuexin.sun@tianfu-sp.com","u3","女","active","B",[]),
 ("zhq","周红庆","周红庆","周紅慶","zhou hong qing","重庆火锅底料食品有限公司",["火锅底料","底料食品"],"生产主管","023-63334455","zhq@cqhotpot.com","u1","男","active","C",[]),
 ("wjm","吴静梅","吴静梅","吳靜梅","wu jing mei","苏州丝绸进出口有限公司",["丝绸进出口","苏州丝绸"],"外贸业务员","0512-65221188","jingmei.wu@suzhousilk.com","u2","女","active","B",[]),
 ("zhl","郑浩磊","郑浩磊","鄭浩磊","zheng hao lei","郑州宇通客车股份有限公司",["宇通客车","客车股份"],"售后经理","13838001234","haolei.zheng@yutong.com",None,"男","new","C",[]),
 ("fyq","冯雨晴","冯雨晴","馮雨晴","feng yu qing","青岛啤酒股份有限公司",["青岛啤酒","啤酒股份"],"品牌经理","15965321188","yuqing.feng@tsingtao.com.cn","u3","女","active","A",[]),
 ("hzt","何子腾","何子腾","何子騰","he zi teng","腾讯科技（深圳）有限公司",["腾讯科技","腾讯"],"产品经理","13714567890","zitenghe@tencent.com","u1","男","active","A",["互联网"]),
 ("gwj","郭文杰","郭文杰","郭文傑","guo wen jie","华为技术有限公司",["华为技术","华为"],"解决方案架构师","13602345678","guowenjie@huawei.com","u2","男","active","A",["互联网"]),
 ("mhm","马慧敏","马慧敏","馬慧敏","ma hui min","阿里巴巴（中国）网络技术有限公司",["阿里巴巴","网络技术"],"商务拓展","13957112345","huimin.ma@alibaba-inc.com","u3","女","active","A",[]),
 ("lgy","罗冠宇","罗冠宇","羅冠宇","luo guan yu","小米通讯技术有限公司",["小米通讯","通讯技术"],"渠道总监","18611223344","luoguanyu@xiaomi.com",None,"男","new","B",[]),
 ("xyt","谢雨彤","谢雨彤","謝雨彤","xie yu tong","比亚迪汽车工业有限公司",["比亚迪","汽车工业"],"采购专员","13510101010","yutong.xie@byd.com","u1","女","active","B",[]),
 ("tjw","唐家伟","唐家伟","唐家偉","tang jia wei","招商银行股份有限公司",["招商银行","银行股份"],"客户经理","95555001234","jiawei.tang@cmbchina.com","u2","男","active","A",[]),
 ("hsy","韩书瑶","韩书瑶","韓書瑤","han shu yao","中信证券股份有限公司",["中信证券","证券股份"],"研究员","18801011234","shuyao.han@citics.com","u3","女","active","A",[]),
 ("cyl","曹雅琳","曹雅琳",None,"cao ya lin","蒙牛乳业（集团）股份有限公司",["蒙牛乳业","乳业"],"区域销售","15847100011","yalin.cao@mengniu.cn","u1","女","active","B",[]),
 ("psm","潘思敏","潘思敏",None,"pan si min","格力电器股份有限公司",["格力电器","电器股份"],"渠道经理","13926901234","pansimin@gree.com.cn",None,"女","new","C",[]),
 ("dkw","邓凯文","邓凯文","鄧凱文","deng kai wen","海尔智家股份有限公司",["海尔智家","智家"],"海外事业部总监","13853201234","kevin.deng@haier.com","u2","男","active","A",[]),
 ("mj","Michael Johnson","Michael Johnson",None,None,"Microsoft China Co., Ltd.",[],"Sales Director","+1 425 555 0101","michael.johnson@microsoft.com","u1","男","active","A",["外企"]),
 ("ew","Emily Watson","Emily Watson",None,None,"Siemens Healthineers",[],"Procurement Manager","+49 9131 840","emily.watson@siemens-healthineers.com","u2","女","active","B",["外企"]),
 ("rs","Robert Schneider","Robert Schneider",None,None,"Volkswagen Group China",[],"Purchasing Director","+86 10 6531 3000","robert.schneider@vw.com.cn","u3","男","active","A",["外企"]),
 ("kt","Kenji Tanaka","Kenji Tanaka",None,None,"Panasonic Corporation",[],"Account Manager","+81 6 6908 1121","kenji.tanaka@panasonic.jp",None,"男","new","B",["外企"]),
 ("amy","李雅 Amy Li","李雅 Amy Li",None,"li ya","Starbucks 星巴克企业管理（中国）有限公司",["星巴克"],"Marketing Manager 市场经理","13501234567","amy.li@starbucks.cn","u1","女","active","A",["外企"]),
 ("jack","王杰克 Jack Wang","王杰克 Jack Wang",None,"wang jie ke","Intel 英特尔半导体（大连）有限公司",["英特尔","半导体"],"Engineering Manager","13940981234","jack.wang@intel.com","u2","男","active","B",["外企"]),
]
addresses = {"wxm":"北京市西城区复兴门内大街甲2号","ls":"深圳市南山区科技园北区","hzt":"深圳市南山区科技中一路腾讯大厦","gwj":"深圳市龙岗区坂田华为基地","zhq":"重庆市渝中区解放碑步行街88号","ycg":"西安市雁塔区大唐不夜城","fyq":"青岛市市北区登州路56号","xjh":"杭州市西湖区龙井路1号"}

def initials(py): return "".join(s[0] for s in py.split())
docs=[]
for (key,name,simp,trad,py,company,frags,title,phone,email,owner,gender,status,grade,tags) in F:
    docs.append(dict(key=key,name=name,company=company,title=title,phones=[phone],emails=[email],
                     address=addresses.get(key,""),owner=owner,gender=gender,status=status,grade=grade,tags=tags,
                     _simp=simp,_trad=trad,_py=py,_frags=frags))

# simplified forms of the stored text for expectations (hand-written where stored traditional)
T2S = str.maketrans({"張":"张","學":"学","環":"环","單":"单","偉":"伟","區":"区","歐":"欧","陽":"阳","鋒":"锋","兒":"儿","馬":"马","遷":"迁","沖":"冲","復":"复","東":"东","敗":"败","黃":"黄","陳":"陈","劉":"刘","華":"华","趙":"赵","國":"国","孫":"孙","悅":"悦","紅":"红","慶":"庆","吳":"吴","靜":"静","鄭":"郑","馮":"冯","騰":"腾","傑":"杰","羅":"罗","謝":"谢","韓":"韩","書":"书","瑤":"瑶","鄧":"邓","凱":"凯"})
def s(x): return x.translate(T2S).lower()
def text_of(d): return " ".join([d["name"],d["company"],d["title"],d["address"]]).translate(T2S).lower()
def matches_cjk(q, d):  return s(q) in text_of(d)
def cases_for(q, pred, kind, fields=None, note=None):
    exp=[d["key"] for d in docs if pred(d)]
    return exp

cases=[]
def add(kind,q,expect,fields=None,absent=None):
    if not expect or len(expect)>5: return
    c={"kind":kind,"q":q,"expect":expect}
    if fields: c["fields"]=fields
    if absent: c["absent"]=absent
    cases.append(c)

def cjk_expect(q, fields=("name","company","title","address")):
    out=[]
    for d in docs:
        txt=" ".join(d[f] for f in fields).translate(T2S).lower()
        if s(q) in txt: out.append(d["key"])
    return out

def digits(p): 
    d="".join(c for c in p if c.isdigit())
    return d
for d in docs:
    k=d["key"]; simp=d["_simp"]; py=d["_py"]
    cn = "".join(c for c in simp if '\u4e00'<=c<='\u9fff')
    if py and cn:
        sur_len = 2 if len(py.split())>=2 and len(cn)>=3 and cn[:2] in ("欧阳","上官","诸葛","司马","令狐","慕容","东方","尉迟") else 1
        given = cn[sur_len:]
        if len(given)>=2: add("name_fragment", given, cjk_expect(given, ("name",)), ["name"])
        add("name_full", cn, cjk_expect(cn))
        full = py.replace(" ","")
        add("pinyin_full", full, [x["key"] for x in docs if x["_py"] and x["_py"].replace(" ","")==full])
        ini = initials(py)
        if len(ini)>=2: add("pinyin_initials", ini, [x["key"] for x in docs if x["_py"] and initials(x["_py"])==ini])
        gpy = " ".join(py.split()[sur_len if sur_len==1 else 2:]) if False else None
        sy = py.split()
        if sur_len==2 and len(sy)>=3: gsy=sy[2:]
        elif sur_len==1: gsy=sy[1:]
        else: gsy=[]
        if len(gsy)>=2:
            g="".join(gsy)
            add("pinyin_given", g, [x["key"] for x in docs if x["_py"] and "".join(x["_py"].split()[1:]) == g or (x["_py"] and "".join(x["_py"].split()[2:])==g)])
        if sur_len==2 or cn[0] in "单曾区解仇朴查盖乐万":
            add("surname_pinyin", full, [k])
            add("surname", cn[:sur_len], cjk_expect(cn[:sur_len], ("name",)), ["name"])
            add("surname_honorific", cn[:sur_len]+"总", [x["key"] for x in docs if s(x["name"]).startswith(cn[:sur_len])])
        if d["_trad"] and d["_trad"]!=simp:
            tr="".join(c for c in d["_trad"] if '\u4e00'<=c<='\u9fff')
            add("traditional_query", tr, cjk_expect(cn))
        if d["name"]!=simp:
            add("simplified_finds_traditional", cn, cjk_expect(cn))
    for fr in d["_frags"]:
        add("company_fragment", fr, cjk_expect(fr, ("company",)), ["company"])
    ph=digits(d["phones"][0])
    add("phone_suffix", ph[-4:], [x["key"] for x in docs if digits(x["phones"][0]).endswith(ph[-4:])], ["phone"])
    if len(ph)>=11:
        add("phone_formatted", d["phones"][0], [x["key"] for x in docs if digits(x["phones"][0])==ph])
        add("phone_suffix_6", ph[-6:], [x["key"] for x in docs if digits(x["phones"][0]).endswith(ph[-6:])])
    em=d["emails"][0].split("@")[0].lower()
    add("email_local", em, [x["key"] for x in docs if x["emails"][0].lower().startswith(em)], ["email"])

# surname + honorific, common surnames
for sur in "王李张陈刘赵孙周吴郑冯何郭马罗谢唐韩曹潘邓黄":
    exp=[x["key"] for x in docs if s(x["name"]).startswith(sur)]
    add("surname_honorific", sur+"总", exp, absent=None)
    add("surname_honorific", sur+"经理", exp)
    add("surname", sur, cjk_expect(sur, ("name",)), ["name"])
# english typos and words
typos=[("Micrsoft","mj"),("Microsfot","mj"),("Jonhson","mj"),("Johnsen","mj"),("Michal","mj"),("Siemenz","ew"),("Watsen","ew"),("Healthineer","ew"),("Emiley","ew"),
       ("Volkswagon","rs"),("Schnieder","rs"),("Scheider","rs"),("Robret","rs"),("Panasonik","kt"),("Tanaak","kt"),("Kenjii","kt"),("Starbuks","amy"),("Inetl","jack"),("Intell","jack")]
for q,k in typos: add("english_typo", q, [k])
for q,k in [("microsoft","mj"),("MICROSOFT","mj"),("Ｍｉｃｒｏｓｏｆｔ","mj"),("johnson","mj"),("watson","ew"),("siemens","ew"),("volkswagen","rs"),("tanaka","kt"),("panasonic","kt"),("starbucks","amy"),("intel","jack"),("amy","amy"),("jack","jack")]:
    add("english_word", q, [k])
# mixed chinese and latin
mixed=[("李雅 Amy","amy"),("Amy 星巴克","amy"),("星巴克 marketing","amy"),("王杰克 intel","jack"),("Jack 英特尔","jack"),("Intel 半导体","jack"),("华为 guowenjie","gwj"),("腾讯 hzt","hzt"),("wangxiaoming 农业","wxm"),("李四 瑞丰","ls"),("张学友 环球","zxy"),("zxy 唱片","zxy"),("曾志伟 电影","zzw"),("Michael 微软 Microsoft","mj")]
for q,k in mixed:
    if k=="mj" and "微软" in q: q="Michael Microsoft"
    add("mixed", q, [k])
# title, address, labels, custom
for q,k in [("采购总监","ls"),("评书","stf"),("首席科学家","oyf"),("档案管理员","sgwr"),("解决方案架构师","gwj"),("外贸业务员","wjm")]:
    add("title", q, [k], ["title"])
for q in ["复兴门内大街","解放碑","坂田华为基地","登州路","龙井路","科技园北区"]:
    add("address", q, cjk_expect(q, ("address",)), ["address"])
# pinyin of companies
for q,k in [("nongye","wxm"),("ruifeng","ls"),("huanqiu","zxy"),("baiyunshan","ojm"),("tengxun","hzt"),("huawei","gwj"),("alibaba","mhm"),("xiaomi","lgy"),("biyadi","xyt"),("zhaoshangyinhang","tjw"),("zhongxinzhengquan","hsy"),("mengniu","cyl"),("geli","psm"),("haier","dkw"),("qingdaopijiu","fyq"),("yutongkeche","zhl"),("chongqing","zhq"),("changjiang","lyh")]:
    add("company_pinyin", q, [k], ["company"])
# pinyin prefixes typed on a phone keyboard
for q,k in [("wangxiao","wxm"),("zhangxue","zxy"),("ouyangf","oyf"),("yuchig","ycg"),("shangguanw","sgwr"),("shantian","stf"),("zengzhi","zzw")]:
    add("pinyin_prefix", q, [k])
json.dump({"customers":[{kk:v for kk,v in d.items() if not kk.startswith("_")} for d in docs],"cases":cases}, open(__import__("os").path.join(__import__("os").path.dirname(__file__), "customers.json"), "w"), ensure_ascii=False, indent=1)
from collections import Counter
print(len(cases), Counter(c["kind"] for c in cases))
