"""Generated report shapes: varied plain-text 公務出國報告 with the facts a correct import
recovers, in the format of tests/fixtures/reports/shapes/*.facts.json.

``generate(n, seed)`` returns ``[(filename, file bytes, facts)]``. Every report is invented
from phrase pools (agencies and places are real, trips, people and figures are not) and is
a random combination of heading styles, chapter titles, point markers, cover forms, ROC
date forms, optional 摘要 / 目次 / 行程表, hard wrapping, page furniture, web chrome,
Simplified Chinese and Big5. The same seed gives the same files.

.venv/bin/python bench/generate_shapes.py --count 20 --out var/bench/shapes  (writes them)
"""

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import opencc

# ---------------------------------------------------------------------------------------
# Pools
# ---------------------------------------------------------------------------------------

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余趙盧梁顏柯翁魏孫戴"
GIVEN = "志明冠宇士豪雅婷怡君家豪美玲建國俊傑文彬孟儒佩君淑芬秀英惠敏宗翰承恩柏宏欣怡品妤育誠信宏嘉玲詩涵子晴昱廷偉倫"
INDIGENOUS = ["瓦旦．巴尚", "尤幹．達利", "比令．亞布", "阿美．拉娃"]

TITLES = [
    "局長", "副局長", "主任秘書", "專門委員", "科長", "副科長", "股長", "技正", "技士",
    "專員", "視察", "組長", "研究員", "副研究員", "主任", "課長", "秘書", "隊長", "分隊長",
    "主治醫師", "護理長", "教授", "助理教授", "議員", "代表", "鄉長", "處長", "簡任技正",
]  # fmt: skip
RANKS = [
    "簡任第十二職等",
    "簡任第十職等",
    "薦任第九職等",
    "薦任第八職等",
    "薦任第七職等",
    "委任第五職等",
]

# (agency, its units, the word it calls itself: 本局, 本所…, the topics it travels for)
AGENCIES = [
    ("臺北市政府工務局", ["衛生下水道工程處", "新建工程處", "水利工程處"], "局", ["下水道", "防災", "智慧城市"]),
    ("新北市政府消防局", ["災害搶救科", "特種搜救大隊", "火災預防科"], "局", ["防災"]),
    ("桃園市政府社會局", ["長期照顧科", "老人福利科", "社會救助科"], "局", ["長照", "社會住宅"]),
    ("臺中市政府環境保護局", ["廢棄物管理科", "空氣品質維護科"], "局", ["循環經濟"]),
    ("臺中市政府都市發展局", ["都市設計科", "綜合規劃科"], "局", ["智慧城市", "社會住宅"]),
    ("高雄市政府水利局", ["污水處理科", "防洪排水科"], "局", ["下水道", "水資源", "防災"]),
    ("臺南市政府文化局", ["文化資產科", "藝術發展科"], "局", ["文化資產"]),
    ("內政部消防署", ["災害管理組", "救災救護指揮中心"], "署", ["防災"]),
    ("衛生福利部社會及家庭署", ["老人福利組", "身心障礙福利組"], "署", ["長照"]),
    ("經濟部水利署", ["水利規劃分署", "水源經營組"], "署", ["水資源", "防災"]),
    ("交通部公路局", ["運輸組", "規劃組"], "局", ["公共運輸", "智慧城市"]),
    ("國家發展委員會", ["國土區域離島發展處", "資訊管理處"], "會", ["智慧城市", "公共運輸"]),
    ("屏東縣政府農業處", ["農業發展科", "農產運銷科"], "處", ["智慧農業"]),
    ("南投縣鹿谷鄉公所", ["農業課", "民政課"], "所", ["智慧農業", "文化資產"]),
    ("新竹縣竹北市公所", ["社會課", "工務課"], "所", ["長照", "公共運輸"]),
    ("臺北市立聯合醫院", ["家庭醫學科", "護理部"], "院", ["長照"]),
    ("農業部農業試驗所", ["作物組", "農業工程組"], "所", ["智慧農業", "水資源"]),
    ("宜蘭縣政府文化局", ["文化資產科", "博物館科"], "局", ["文化資產"]),
    ("嘉義市政府工務處", ["公園管理科", "養護工程科"], "處", ["下水道", "公共運輸"]),
    ("花蓮縣政府觀光處", ["觀光行銷科", "遊憩設施科"], "處", ["文化資產", "公共運輸"]),
]  # fmt: skip

DESTINATIONS = {
    "日本": ["東京", "大阪", "京都", "橫濱", "福岡", "神戶", "仙台", "名古屋", "札幌", "熊本"],
    "韓國": ["首爾", "釜山", "仁川", "大邱", "光州", "水原"],
    "荷蘭": ["阿姆斯特丹", "鹿特丹", "海牙", "烏特勒支"],
    "德國": ["柏林", "慕尼黑", "漢堡", "法蘭克福"],
    "丹麥": ["哥本哈根", "奧胡斯"],
    "奧地利": ["維也納", "格拉茲"],
    "法國": ["巴黎", "里昂"],
    "英國": ["倫敦", "曼徹斯特"],
    "芬蘭": ["赫爾辛基", "坦佩雷"],
    "瑞典": ["斯德哥爾摩", "哥德堡"],
    "西班牙": ["巴塞隆納", "馬德里"],
    "美國": ["紐約", "舊金山", "西雅圖", "波士頓", "洛杉磯", "波特蘭", "芝加哥"],
}

TOPICS = {
    "防災": dict(
        title=["防災體系", "災害應變機制", "韌性城市防災"],
        program=["地區防災計畫", "防災社區認證制度", "耐震補強補助計畫", "災情通報平台"],
        facility=["防災館", "廣域防災公園", "消防學校", "災害應變中心", "防災教育中心"],
        practice=["社區防災演練", "避難收容處所管理", "災情資訊即時通報", "跨機關聯合應變"],
        aspect=["應變編組", "物資儲備", "民眾防災教育", "災後復原機制", "避難動線規劃"],
        problem=["極端降雨頻率增加", "高齡人口避難需求日增", "老舊建築耐震能力不足"],
        host=["消防局", "危機管理室", "防災局"],
    ),
    "下水道": dict(
        title=["污水下水道建設", "雨水下水道管理", "下水道資源化"],
        program=["合流式下水道改善計畫", "下水道長壽命化計畫", "污泥資源化計畫"],
        facility=["水再生中心", "污水處理廠", "雨水貯留設施", "下水道展示館"],
        practice=["管線智慧巡檢", "污泥厭氧消化", "再生水供應", "管渠更生工法"],
        aspect=["管線維護管理", "處理水質監測", "用戶接管推動", "設施更新財源"],
        problem=["早期管線老化", "都市化使逕流量增加", "污泥去化管道有限"],
        host=["下水道局", "水務局", "上下水道本部"],
    ),
    "長照": dict(
        title=["長期照顧服務", "社區照顧體系", "高齡友善照護"],
        program=["社區整體照顧體系", "失智症照護計畫", "居家醫療整合計畫"],
        facility=["小規模多機能照護中心", "日間照顧中心", "失智症團體家屋", "社區關懷據點"],
        practice=["照顧管理專員評估", "居家服務排班", "多專業團隊照護", "家庭照顧者支持"],
        aspect=["照顧人力培育", "服務品質評鑑", "費用負擔機制", "資訊系統整合"],
        problem=["人口快速老化", "照顧人力短缺", "失智人口持續增加"],
        host=["福祉局", "健康福祉局", "社會福利部門"],
    ),
    "智慧城市": dict(
        title=["智慧城市發展", "數位治理", "智慧交通"],
        program=["開放資料平台", "城市數位分身計畫", "智慧路燈建置計畫"],
        facility=["城市營運中心", "創新實驗場域", "數位服務中心", "交通控制中心"],
        practice=["感測資料整合", "公私協力試驗", "數位身分認證", "交通號誌動態控制"],
        aspect=["資料治理", "資訊安全", "市民參與", "跨局處資料共享"],
        problem=["各局處系統各自建置", "數位落差擴大", "資料格式不一"],
        host=["數位局", "資訊中心", "創新局"],
    ),
    "循環經濟": dict(
        title=["循環經濟", "廢棄物資源化", "焚化底渣再利用"],
        program=["零廢棄總藍圖", "廚餘資源化計畫", "生產者延伸責任制度"],
        facility=["焚化廠", "資源回收中心", "廚餘生質能廠", "再生材料試驗場"],
        practice=["底渣篩分再利用", "廚餘厭氧發酵", "資源回收分類", "再生粒料工程應用"],
        aspect=["源頭減量", "再生料品質管理", "公眾教育", "處理設施更新"],
        problem=["掩埋場容量有限", "焚化廠設備老化", "廚餘量逐年增加"],
        host=["環境局", "清掃局", "資源循環局"],
    ),
    "公共運輸": dict(
        title=["公共運輸", "軌道運輸發展", "自行車交通"],
        program=["公車路網重整計畫", "輕軌建設計畫", "公共自行車系統"],
        facility=["轉運中心", "輕軌機廠", "行控中心", "自行車停車場"],
        practice=["票證整合", "公車專用道營運", "需求反應式運輸", "轉乘優惠設計"],
        aspect=["路網規劃", "營運補貼", "無障礙設計", "場站開發"],
        problem=["私人運具使用率偏高", "偏鄉公車班次不足", "尖峰時段道路壅塞"],
        host=["交通局", "運輸局", "交通管理局"],
    ),
    "文化資產": dict(
        title=["文化資產保存", "歷史街區再生", "博物館經營"],
        program=["歷史建築活化計畫", "傳統工藝傳承計畫", "街區景觀保存計畫"],
        facility=["歷史博物館", "傳統工藝館", "町家保存街區", "文化資產修復中心"],
        practice=["古蹟修復", "社區參與保存", "文物數位典藏", "傳統匠師培育"],
        aspect=["修復技術", "營運管理", "觀光活用", "經費籌措"],
        problem=["傳統匠師凋零", "歷史建築閒置", "觀光壓力影響街區品質"],
        host=["文化局", "文化財保護課", "文化遺產局"],
    ),
    "智慧農業": dict(
        title=["智慧農業", "農產品行銷", "農村再生"],
        program=["智慧農業推廣計畫", "一村一品運動", "農產品產銷履歷制度"],
        facility=["植物工廠", "農業試驗場", "農產品直銷所", "共同集貨場"],
        practice=["環境感測栽培", "農機自動化", "共同品牌行銷", "契作生產"],
        aspect=["產銷組織", "農業人力", "品質認證", "冷鏈物流"],
        problem=["農業人口老化", "農產品價格波動", "氣候變遷影響產量"],
        host=["農政部", "農林水產部", "農業振興課"],
    ),
    "水資源": dict(
        title=["水資源管理", "流域治理", "海綿城市"],
        program=["流域綜合治理計畫", "雨水利用推廣計畫", "海綿城市示範計畫"],
        facility=["水庫管理中心", "海水淡化廠", "滯洪池", "水資源教育館"],
        practice=["流域協同管理", "地下水補注", "雨水貯留利用", "用水效率管理"],
        aspect=["水源調度", "水權管理", "洪水預警", "民眾節水教育"],
        problem=["降雨時空分布不均", "地層下陷", "產業用水需求增加"],
        host=["水道局", "水務局", "流域管理局"],
    ),
    "社會住宅": dict(
        title=["社會住宅", "都市更新", "住宅政策"],
        program=["公共住宅興辦計畫", "包租代管計畫", "老舊住宅更新計畫"],
        facility=["公營住宅社區", "住宅支援中心", "都市更新示範區", "青年共居住宅"],
        practice=["混合居住規劃", "租金補貼", "社區營造", "公私合作開發"],
        aspect=["財務規劃", "物業管理", "入住資格審查", "社區服務"],
        problem=["房價所得比偏高", "青年租屋負擔沉重", "老舊建物比例偏高"],
        host=["住宅局", "都市整備局", "住宅公社"],
    ),
}

CATEGORIES = [  # (as written, category, detail, weight, trip days, what the trip is called)
    ("考察", "inspection", "", 45, (3, 12), "考察"),
    ("進修", "study", "", 8, (20, 120), "進修"),
    ("研究", "research", "", 5, (30, 150), "研究"),
    ("實習", "internship", "", 5, (14, 60), "實習"),
    ("其他(訓練)", "other", "訓練", 17, (5, 20), "訓練"),
    ("其他(開會)", "other", "開會", 12, (3, 8), "會議"),
    ("其他(出席國際會議)", "other", "出席國際會議", 8, (3, 8), "研討會"),
]

# Chapter kinds and the titles a report gives them.
CHAPTER_TITLES = {
    "purpose": ["目的", "考察目的", "出國目的", "前言", "緣起與目的", "計畫目的"],
    "process": ["過程", "參訪過程", "行程及過程", "考察內容", "考察過程", "研習內容", "參訪紀要"],
    "insight": ["心得", "考察心得", "研習心得", "心得與感想"],
    "suggestion": ["建議", "建議事項", "結論與建議", "結論及建議", "政策建議"],
    "merged": ["心得與建議", "心得及建議", "心得及建議事項"],
    "appendix": ["附錄", "附件"],
}
CHAPTER_PLANS = [
    ["purpose", "process", "insight", "suggestion"],
    ["purpose", "process", "merged"],
    ["purpose", "process", "insight", "suggestion"],
    ["purpose", "process", "suggestion"],
]

UPPER = "壹貳參肆伍陸柒捌玖拾"
DIGITS = "零一二三四五六七八九"
WEEKDAYS = "一二三四五六日"
MARKER_LEVELS = ["一、", "（一）", "1.", "（1）", "①"]

# The page and web strings a copy of a report carries that are not the report's.
CHROME_TOP = [":::", "跳到主要內容", "首頁 > 公開資訊 > 出國報告", "友善列印", "分享", "回上一頁"]
CHROME_BOTTOM = ["回上一頁", "瀏覽人次：{n}", ":::"]
CHROME_CLUTTER = {
    ":::": ":::",
    "跳到主要內容": "跳到主要內容",
    "首頁 > 公開資訊 > 出國報告": "首頁 > 公開資訊",
    "友善列印": "友善列印",
    "分享": "分享",
    "回上一頁": "回上一頁",
    "瀏覽人次：{n}": "瀏覽人次",
}

# ---------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------

SENTENCES = {
    "purpose": [
        "{country}於{topic}領域之發展向為各國觀摩之對象，其中{city}推動之{program}成效尤為顯著。",
        "本{self}近年積極推動{topic}相關業務，惟仍面臨{problem}等課題。",
        "爰規劃赴{city}實地考察{aspect}及{aspect}之作法，作為本{self}政策規劃之參考。",
        "本次考察重點在於瞭解{aspect}、{aspect}與{practice}之運作方式。",
        "隨著{problem}，如何強化{aspect}已成為地方政府之重要課題。",
        "期藉由與{host}之交流，建立雙方長期合作之管道。",
        "{city}自{year}年起推動{program}，累計投入經費約{n}億元，其經驗值得參考。",
        "本{self}刻正研擬{program}，亟需借鏡國外城市於{practice}之實務經驗。",
        "考察成果將於返國後提供相關科室參考，並納入下年度工作計畫檢討。",
        "近年{country}各城市陸續推動{program}，並將{aspect}列為施政重點。",
        "為因應{problem}之挑戰，本{self}自{year}年起逐步檢討{aspect}之相關規定。",
        "本次出國係依本{self}年度計畫辦理，由{self}內相關業務人員組團前往。",
        "希望透過實地觀摩，瞭解{facility}之規劃設計理念與營運管理方式。",
        "另一方面，亦將就{practice}與{host}交換實務經驗。",
    ],
    "process": [
        "{date}上午拜會{host}，由該單位主管簡報{program}之推動情形。",
        "下午參訪{facility}，實地觀摩{practice}之作業流程。",
        "該{facility}每年服務人次約{n}萬人，並由專責人員負責{aspect}。",
        "{host}人員說明，{program}係由中央與地方共同出資，並委由民間團體協助執行。",
        "隨後雙方就{aspect}及{aspect}交換意見，對方並提供相關書面資料。",
        "{date}前往{city}，參觀{facility}及周邊之{practice}示範場域。",
        "館方以影片及模型說明{practice}之原理，並安排考察團實際操作相關設備。",
        "現場人員表示，{aspect}之關鍵在於事前規劃與跨部門協調。",
        "考察團於行程最後一日整理考察資料，並召開團內檢討會議。",
        "{host}特別介紹近年推動之{program}，其成果已推廣至鄰近城市。",
        "抵達當日由駐外單位人員接機，並說明後續行程之安排與注意事項。",
        "{date}全日於{facility}進行實地觀摩，並聽取{aspect}之專題簡報。",
        "簡報內容包括{program}之緣起、執行架構、經費來源及歷年成果。",
        "對方亦坦言，推動初期曾遭遇{problem}之困難，經多次溝通後始獲支持。",
        "{last}搭機返國，於當日晚間抵達桃園國際機場。",
        "會後並由{host}人員陪同，參觀鄰近之{facility}。",
    ],
    "insight": [
        "{country}之{practice}強調由下而上之參與，使政策推動更為順利。",
        "相較之下，本{self}於{aspect}方面仍多仰賴個別承辦人員之經驗。",
        "{city}將{aspect}納入中長期計畫，並定期檢討執行成效，值得本{self}借鏡。",
        "制度設計兼顧效率與公平，且有明確之法令依據與經費來源。",
        "各單位分工明確，{host}僅扮演協調與監督之角色。",
        "此一作法與本{self}推動之{program}理念相近，惟其執行細節更為周延。",
        "第一線人員普遍具備專業證照，並須定期接受複訓。",
        "{practice}之推動有賴民眾長期支持，宣導工作不可偏廢。",
        "{city}之經驗顯示，{aspect}若能及早規劃，可大幅降低後續之管理成本。",
        "{host}之資訊公開程度甚高，各項統計資料均定期公布於網站。",
        "當地雖同樣面臨{problem}，但透過長期投入已有具體改善。",
        "參訪單位人員之專業與熱忱，令考察團成員印象深刻。",
        "從{facility}之營運可知，硬體建設之外，軟體服務同樣重要。",
    ],
    "suggestion": [
        "建議本{self}研議推動{program}，並逐年編列所需經費。",
        "宜參考{city}之經驗，建立{practice}之標準作業程序。",
        "建議強化{aspect}，並邀集相關局處定期召開協調會議。",
        "可先擇定示範區域試辦{practice}，俟成效確認後再逐步推廣。",
        "建議持續與{host}維持交流，並規劃後續人員互訪。",
        "研議修訂相關自治條例，為{aspect}提供明確之法令依據。",
        "宜結合民間團體與學術單位之資源，共同推動{topic}相關工作。",
        "短期內宜先盤點本市{aspect}之現況，作為後續規劃之基礎。",
        "中長期可研議設置{facility}，並評估委外經營之可行性。",
        "建議辦理{practice}教育訓練，提升第一線同仁之專業能力。",
        "應加強與中央主管機關之溝通，爭取{program}相關補助經費。",
        "宜定期追蹤各項建議之辦理情形，並於年度會議中提出報告。",
    ],
    "intro": [
        "茲就本次考察所見分述如下。",
        "以下就各參訪單位之重點摘述如下。",
        "綜合本次考察成果，提出下列各點。",
        "謹將本次行程之重點整理如下。",
    ],
}

HEADING_POINTS = {
    "purpose": ["瞭解{practice}之作法", "觀摩{facility}之營運", "建立與{host}之交流管道"],
    "process": ["拜會{host}", "參訪{facility}", "{city}{facility}", "{host}簡報{program}"],
    "insight": ["{aspect}需跨部門協力", "{practice}值得借鏡", "重視{aspect}之制度設計", "{program}兼顧效率與公平"],
    "suggestion": ["強化{aspect}", "研議推動{program}", "建立{practice}機制", "擴大{aspect}之民眾參與"],
}  # fmt: skip
HEADING_POINTS["merged"] = HEADING_POINTS["insight"] + HEADING_POINTS["suggestion"]
SENTENCES["merged"] = SENTENCES["insight"] + SENTENCES["suggestion"]

# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------


def cn_number(n: int) -> str:
    """Chinese numerals as dates write them: 九, 十二, 二十一, 九十, 一百零三, 一百一十四."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n - 100
    if rest == 0:
        return "一百"
    if rest < 10:
        return "一百零" + DIGITS[rest]
    return "一百" + ("一" if rest < 20 else "") + cn_number(rest)


def roc(d: date) -> int:
    return d.year - 1911


DATE_FORMS = [
    "minguo",
    "zhonghua",
    "roc",
    "spaced",
    "slash",
    "slash_short",
    "dot",
    "compact",
    "chinese",
    "iso",
]


def date_text(form: str, d: date) -> str:
    """One date in one of the forms reports write (民國114年08月27日, 114/08/27, 114.8.27…)."""
    y, m, day = roc(d), d.month, d.day
    if form == "compact" and y < 100:
        form = "slash"
    return {
        "minguo": f"民國{y}年{m:02d}月{day:02d}日",
        "zhonghua": f"中華民國{y}年{m}月{day}日",
        "roc": f"{y}年{m}月{day}日",
        "spaced": f"{y} 年 {m} 月 {day} 日",
        "slash": f"{y}/{m:02d}/{day:02d}",
        "slash_short": f"{y}/{m}/{day}",
        "dot": f"{y}.{m}.{day}",
        "compact": f"{y:03d}{m:02d}{day:02d}",
        "chinese": f"{cn_number(y)}年{cn_number(m)}月{cn_number(day)}日",
        "iso": d.isoformat(),
    }[form]


def span_text(rng: random.Random, form: str, start: date, end: date) -> str:
    """A trip's dates: both in full, or the end shortened the way the form shortens it
    (106 年 7 月 17~21 日, 1041104日至1109, 九十年十二月一日起至五日止)."""
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    full = date_text(form, start), date_text(form, end)
    if form == "spaced" and same_month:
        return f"{roc(start)} 年 {start.month} 月 {start.day}~{end.day} 日"
    if form == "roc" and same_year and rng.random() < 0.5:
        return f"{full[0]}至{end.month}月{end.day}日"
    if form == "compact" and roc(start) >= 100 and same_year:
        return f"{full[0]}日至{end.month:02d}{end.day:02d}"
    if form == "chinese":
        if same_month:
            tail = f"{cn_number(end.day)}日"
        elif same_year:
            tail = f"{cn_number(end.month)}月{cn_number(end.day)}日"
        else:
            tail = full[1]
        return f"{full[0]}起至{tail}止"
    joiner = rng.choice(["至", " 至 ", "~", "～"] if form != "iso" else ["~", " 至 ", "～"])
    return joiner.join(full)


def row_date_text(form: str, d: date) -> str:
    """A date in an itinerary row: 106/7/17, 7/17（一）, 7月17日, 2017-07-17…"""
    return {
        "slash_short": f"{roc(d)}/{d.month}/{d.day}",
        "dot": f"{roc(d)}.{d.month:02d}.{d.day:02d}",
        "md": f"{d.month}/{d.day}",
        "md_weekday": f"{d.month}/{d.day}（{WEEKDAYS[d.weekday()]}）",
        "cjk": f"{d.month}月{d.day}日",
        "cjk_weekday": f"{d.month}月{d.day}日（星期{WEEKDAYS[d.weekday()]}）",
        "iso": d.isoformat(),
    }[form]


# ---------------------------------------------------------------------------------------
# The trip
# ---------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    title: str
    unit: str = ""
    rank: str = ""


@dataclass
class Trip:
    agency: str
    units: list
    self_word: str
    topic: str
    country: str
    cities: list
    category: tuple
    start: date
    end: date
    report_date: date
    people: list
    title: str = ""

    @property
    def pool(self) -> dict:
        return TOPICS[self.topic]

    def host(self, rng: random.Random) -> str:
        city = rng.choice(self.cities)
        prefix = "東京都" if city == "東京" else f"{city}市"
        return prefix + rng.choice(self.pool["host"])


def person_name(rng: random.Random, taken: set) -> str:
    while True:
        if rng.random() < 0.02:
            name = rng.choice(INDIGENOUS)
        else:
            given = "".join(rng.sample(GIVEN, 1 if rng.random() < 0.05 else 2))
            name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def make_trip(rng: random.Random) -> Trip:
    agency, units, self_word, topics = rng.choice(AGENCIES)
    country = rng.choice(list(DESTINATIONS))
    cities = rng.sample(DESTINATIONS[country], min(len(DESTINATIONS[country]), rng.randint(1, 3)))
    category = rng.choices(CATEGORIES, weights=[c[3] for c in CATEGORIES])[0]
    low, high = category[4]
    start = date(rng.randint(1999, 2025), 1, 1) + timedelta(days=rng.randint(0, 364))
    end = start + timedelta(days=rng.randint(low, high) - 1)
    report_date = end + timedelta(days=rng.randint(14, 100))
    taken: set = set()
    people = [
        Person(person_name(rng, taken), rng.choice(TITLES), rng.choice(units), rng.choice(RANKS))
        for _ in range(rng.choices([1, 2, 3, 4, 5], weights=[30, 25, 25, 12, 8])[0])
    ]
    return Trip(agency, units, self_word, rng.choice(topics), country, cities, category, start,
                end, report_date, people)  # fmt: skip


def trip_title(rng: random.Random, trip: Trip) -> str:
    topic = rng.choice(trip.pool["title"])
    city, year = trip.cities[0], trip.start.year
    kind = trip.category[5]
    forms = [
        f"{trip.agency}赴{trip.country}{city}{kind}{topic}出國報告",
        f"赴{trip.country}{city}{kind}{topic}出國報告",
        f"{roc(trip.start)}年度{trip.agency}赴{trip.country}{topic}{kind}報告",
        f"{trip.country}{city}{topic}{kind}報告",
    ]
    if kind in ("會議", "研討會"):
        forms.append(f"出席{year}年{city}國際{topic}研討會出國報告")
    return rng.choice(forms)


# ---------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------


def fill(rng: random.Random, template: str, trip: Trip) -> str:
    """A template with its {slots} filled from the trip's pools, no value twice."""
    used: set = set()

    def pick(options: list) -> str:
        fresh = [o for o in options if o not in used] or options
        value = rng.choice(fresh)
        used.add(value)
        return value

    def slot(match: re.Match) -> str:
        name = match.group(1)
        if name in trip.pool:
            return pick(trip.pool[name])
        if name == "host":
            return trip.host(rng)
        if name == "last":
            return f"{trip.end.month}月{trip.end.day}日"
        if name == "date":
            day = trip.start + timedelta(days=rng.randint(0, (trip.end - trip.start).days))
            return f"{day.month}月{day.day}日"
        return {
            "topic": trip.topic,
            "country": trip.country,
            "city": pick(trip.cities),
            "self": trip.self_word,
            "year": str(trip.start.year - rng.randint(2, 15)),
            "n": str(rng.randint(2, 900)),
        }[name]

    return re.sub(r"\{(\w+)\}", slot, template)


def paragraph(rng: random.Random, trip: Trip, kind: str, length: int) -> str:
    """Sentences of one chapter kind, none twice, until the paragraph is about ``length``
    characters long."""
    out = ""
    pool = rng.sample(SENTENCES[kind], len(SENTENCES[kind]))
    while len(out) < length and pool:
        out += fill(rng, pool.pop(), trip)
    return out


# ---------------------------------------------------------------------------------------
# Blocks: what the report says, before it is laid out as lines
# ---------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # chrome | title | field | table | label | toc | heading | para | point
    text: str


@dataclass
class Style:
    """The choices that shape one report."""

    headings: str  # chapter | upper | lower | plain
    plain_form: str  # bare | inline | colon (plain headings only)
    heading_colon: str
    markers: list  # marker level names, outermost first
    paren: str  # full | half: （一） or (一)
    arabic_dot: str
    cover_sep: str
    spaced_labels: bool
    travellers: str
    span_form: str
    report_form: str
    category_form: str
    portal: bool
    agency_line: bool
    summary: bool
    toc: bool
    itinerary: str  # none | process | bare | appendix
    row_form: str
    wrap: int
    paragraphs: str  # blank | tight | indent
    furniture: str  # none | page_of | bare
    chrome: bool
    simplified: bool
    big5: bool
    crlf: bool
    bom: bool


def choose_style(rng: random.Random, trip: Trip) -> Style:
    headings = rng.choice(["chapter", "upper", "lower", "plain"])
    first = {"chapter": [0, 1], "upper": [0, 1], "lower": [1, 2], "plain": [0, 1, 2]}[headings]
    start = rng.choice(first)
    markers = MARKER_LEVELS[start : start + rng.randint(1, 3)]
    if len(markers) > 1 and rng.random() < 0.15:
        markers[-1] = "①"  # 一、→① as some reports skip levels
    simplified = rng.random() < 0.10
    short = (trip.end - trip.start).days < 14
    wrap = rng.randint(30, 40) if rng.random() < 0.30 else 0
    return Style(
        headings=headings,
        plain_form=rng.choice(["bare", "inline", "colon"]),
        heading_colon=rng.choice(["", "", "：", ":"]),
        markers=markers,
        paren=rng.choice(["full", "full", "half"]),
        arabic_dot=rng.choice([".", ".", "、", "．"]),
        cover_sep=rng.choice(["：", "：", "：", ":", "\t", " ", "　"]),
        spaced_labels=rng.random() < 0.15,
        travellers=rng.choice(
            ["pairs", "pairs", "table5", "table3", "name_only", "fields", "names"]
        ),
        span_form=rng.choice(DATE_FORMS),
        report_form=rng.choice(DATE_FORMS),
        category_form=rng.choice(["field", "field", "field", "cover_line", "absent"]),
        portal=rng.random() < 0.15,
        agency_line=rng.random() < 0.3,
        summary=rng.random() < 0.5,
        toc=rng.random() < 0.3,
        itinerary=rng.choice(["none", "process", "bare", "appendix"]) if short else "none",
        row_form=rng.choice(
            ["slash_short", "dot", "md", "md_weekday", "cjk", "cjk_weekday", "iso"]
        ),
        wrap=wrap,
        paragraphs=rng.choice(
            ["blank", "tight", "indent"] if wrap else ["blank", "blank", "tight"]
        ),
        furniture=rng.choice(["page_of", "bare"]) if rng.random() < 0.30 else "none",
        chrome=rng.random() < 0.15,
        simplified=simplified,
        big5=not simplified and rng.random() < 0.11,
        crlf=rng.random() < 0.15,
        bom=rng.random() < 0.1,
    )


def marker(style: Style, level: str, n: int) -> str:
    full = style.paren == "full"
    return {
        "一、": f"{cn_number(n)}、",
        "（一）": f"（{cn_number(n)}）" if full else f"({cn_number(n)})",
        "1.": f"{n}{style.arabic_dot}",
        "（1）": f"（{n}）" if full else f"({n})",
        "①": chr(0x2460 + n - 1),
    }[level]


def chapter_heading(style: Style, n: int, title: str) -> str:
    if style.headings == "chapter":
        return f"第{cn_number(n)}章{' ' if n % 2 else '　'}{title}"
    if style.headings == "upper":
        return f"{UPPER[n - 1]}、{title}"
    if style.headings == "lower":
        return f"{cn_number(n)}、{title}{style.heading_colon}"
    return title


# -- the cover ---------------------------------------------------------------------------


def label(style: Style, text: str) -> str:
    return " ".join(text) if style.spaced_labels and "/" not in text else text


def field_block(style: Style, name: str, value: str) -> Block:
    return Block("field", f"{label(style, name)}{style.cover_sep}{value}")


def traveller_blocks(rng: random.Random, style: Style, trip: Trip) -> tuple[list, list]:
    """The cover lines that name the travellers, and the travellers' facts."""
    people, agency = trip.people, trip.agency
    form = style.travellers
    if form in ("name_only", "fields"):
        people = people[:1]
    blocks, facts = [], []
    if form in ("table5", "table3"):
        five = form == "table5"
        blocks.append(Block("field", rng.choice(["出國人員：", "出國人員名單", "出國人員"])))
        header = (
            ["姓名", "服務機關", "服務單位", "職稱", "官職等"]
            if five
            else ["姓名", "服務機關", "職稱"]
        )
        blocks.append(Block("table", "\t".join(header)))
        for p in people:
            cells = [p.name, agency, p.unit, p.title, p.rank] if five else [p.name, agency, p.title]
            blocks.append(Block("table", "\t".join(cells)))
            fact = {"name": p.name, "title": p.title, "agency": agency}
            if five:
                fact |= {"unit": p.unit, "rank": p.rank}
            facts.append(fact)
        return blocks, facts
    unit = people[0].unit if rng.random() < 0.4 else ""
    if form == "fields":  # 服務機關 / 單位 / 職稱 / 姓名 lines
        p = people[0]
        blocks.append(field_block(style, "服務機關", agency))
        if unit:
            blocks.append(field_block(style, "單位", unit))
        blocks.append(field_block(style, "職稱", p.title))
        blocks.append(field_block(style, "姓名", p.name))
        facts.append(
            {"name": p.name, "title": p.title, "agency": agency} | ({"unit": unit} if unit else {})
        )
        return blocks, facts
    joiner = rng.choice(["、", "、", "，"])
    if form == "pairs":
        gap = rng.choice([" ", "　"])
        value = joiner.join(f"{p.title}{gap}{p.name}" for p in people)
        name = rng.choice(["出國人員", "姓名職稱", "考察人員"])
    else:  # name_only (one person) or names: 出國人員：陳雅婷、林志明
        value = joiner.join(p.name for p in people)
        name = rng.choice(["出國人員", "考察人員"])
    with_agency = form == "name_only" or rng.random() < 0.6
    blocks.append(field_block(style, name, value))
    if with_agency:
        blocks.append(field_block(style, "服務機關", agency))
        if unit:
            blocks.append(field_block(style, "單位", unit))
    if form == "name_only":
        blocks.append(field_block(style, "職稱", people[0].title))
    for p in people:
        fact = {"name": p.name}
        if form in ("pairs", "name_only"):
            fact["title"] = p.title
        if with_agency:
            fact["agency"] = agency
            if unit:
                fact["unit"] = unit
        facts.append(fact)
    return blocks, facts


def cover_blocks(rng: random.Random, style: Style, trip: Trip, facts: dict) -> list:
    written, category, detail = trip.category[:3]
    if rng.random() < 0.5:
        written = written.replace("(", "（").replace(")", "）")
    blocks = []
    if style.category_form == "cover_line" and category != "other":
        blocks.append(Block("title", f"出國報告（出國類別：{written}）"))
    if style.agency_line and not style.portal:
        blocks.append(Block("title", trip.agency))
    if style.portal:
        plan = f"{roc(trip.start)}年度{trip.topic}業務{trip.category[5]}計畫"
        blocks.append(field_block(style, "計畫名稱", plan))
        blocks.append(field_block(style, "報告名稱", trip.title))
    else:
        blocks.append(Block("title", trip.title))
    travellers, facts["travellers"] = traveller_blocks(rng, style, trip)
    fields = [
        field_block(style, rng.choice(["出國期間", "出國日期", "考察期間", "考察日期"]),
                    span_text(rng, style.span_form, trip.start, trip.end)),
        field_block(style, rng.choice(["出國地區", "前往地區", "派赴國家/地區", "考察地點"]),
                    trip.country + "、".join(trip.cities) if rng.random() < 0.5 else trip.country),
        field_block(style, "報告日期", date_text(style.report_form, trip.report_date)),
    ]  # fmt: skip
    if style.category_form == "field" or (
        style.category_form == "cover_line" and category == "other"
    ):
        fields.insert(0, field_block(style, "出國類別", written))
    if style.category_form != "absent":
        facts["category"] = category
        if detail:
            facts["category_detail"] = detail
    if rng.random() < 0.5:
        return blocks + travellers + fields
    return blocks + fields[:-1] + travellers + fields[-1:]


# -- the body ----------------------------------------------------------------------------


@dataclass
class Chapter:
    kind: str
    title: str
    blocks: list = field(default_factory=list)
    points: int = 0


def itinerary_blocks(rng: random.Random, style: Style, trip: Trip) -> tuple[list, list]:
    """A 行程表 as tab-separated rows, one a day, and the days' dates."""
    columns = rng.choice(
        [
            ["日期", "行程內容", "地點"],
            ["日期", "地點", "行程"],
            ["日期", "國家", "地點", "行程", "備註"],
        ]
    )
    rows, days = [Block("table", "\t".join(columns))], []
    count = (trip.end - trip.start).days + 1
    for n in range(count):
        day = trip.start + timedelta(days=n)
        city = trip.cities[min(n * len(trip.cities) // count, len(trip.cities) - 1)]
        if n == 0:
            what = f"自桃園國際機場搭機出發，抵達{city}"
        elif n == count - 1:
            what = "整理資料，搭機返國"
        else:
            what = rng.choice([f"拜會{trip.host(rng)}", f"參訪{rng.choice(trip.pool['facility'])}",
                               f"{rng.choice(trip.pool['practice'])}實地考察"])  # fmt: skip
        cells = {"日期": row_date_text(style.row_form, day), "地點": city, "國家": trip.country,
                 "行程內容": what, "行程": what, "備註": rng.choice(["", f"夜宿{city}"])}  # fmt: skip
        rows.append(Block("table", "\t".join(cells[c] for c in columns)))
        days.append(day.isoformat())
    return rows, days


def point_text(rng: random.Random, trip: Trip, kind: str, heading: bool, length: int) -> str:
    if heading:
        return fill(rng, rng.choice(HEADING_POINTS.get(kind, HEADING_POINTS["insight"])), trip)
    return paragraph(rng, trip, kind, length)


def sub_points(
    rng: random.Random, style: Style, trip: Trip, kind: str, depth: int, length: int
) -> list:
    """Two to four sentence points at ``depth``, some with points of their own."""
    out = []
    for n in range(1, rng.randint(2, 4) + 1):
        out.append(
            Block(
                "point", marker(style, style.markers[depth], n) + paragraph(rng, trip, kind, length)
            )
        )
        if depth + 1 < len(style.markers) and rng.random() < 0.3:
            out += sub_points(rng, style, trip, kind, depth + 1, length // 2)
    return out


def pointed_blocks(
    rng: random.Random, style: Style, trip: Trip, kind: str, count: int, length: int
) -> list:
    """``count`` first-level points: short titles with text under them, or sentences."""
    headings = rng.random() < 0.5
    nested = len(style.markers) > 1
    out = []
    for n in range(1, count + 1):
        text = point_text(rng, trip, kind, headings, length)
        out.append(Block("point", marker(style, style.markers[0], n) + text))
        if nested and rng.random() < 0.35:
            out += sub_points(rng, style, trip, kind, 1, max(30, length // 2))
        elif headings:
            out.append(Block("para", paragraph(rng, trip, kind, length)))
    return out


def chapter_blocks(
    rng: random.Random, style: Style, trip: Trip, chapter: Chapter, budget: int
) -> None:
    """Fill a chapter: 3–8 paragraphs or points of about ``budget`` characters in all."""
    length = rng.randint(80, 260)
    count = max(3, min(8, round(budget / length)))
    kind = chapter.kind
    pointed = rng.random() < {"purpose": 0.15, "process": 0.5}.get(kind, 0.75)
    inline = style.headings == "plain" and style.plain_form == "inline" and not chapter.blocks
    blocks = []
    if inline:  # the heading line carries the chapter's first paragraph
        intro = (
            fill(rng, rng.choice(SENTENCES["intro"]), trip)
            if pointed
            else paragraph(rng, trip, kind, length)
        )
        blocks.append(Block("para", intro))
    if pointed:
        if not blocks and rng.random() < 0.3:
            blocks.append(Block("para", paragraph(rng, trip, kind, length)))
        chapter.points = max(2, min(5, count - len(blocks)))
        blocks += pointed_blocks(rng, style, trip, kind, chapter.points, length)
    else:
        while len(blocks) < count:
            blocks.append(Block("para", paragraph(rng, trip, kind, length)))
    chapter.blocks += blocks


def body(rng: random.Random, style: Style, trip: Trip, facts: dict, budget: int) -> list:
    """The chapters, filled; their titles, heading style, points and 行程表 days to ``facts``."""
    plan = list(rng.choice(CHAPTER_PLANS))
    if style.itinerary == "appendix":
        plan.append("appendix")
    chapters = [Chapter(kind, rng.choice(CHAPTER_TITLES[kind])) for kind in plan]
    parts = len(plan) + (1 if "process" in plan else 0)  # 過程 gets two parts of the budget
    for chapter in chapters:
        if chapter.kind == "appendix":
            continue
        share = budget * (2 if chapter.kind == "process" else 1) // parts
        if chapter.kind == "process" and style.itinerary in ("process", "bare"):
            rows, facts["days"] = itinerary_blocks(rng, style, trip)
            if style.itinerary == "process":
                chapter.blocks += [Block("para", "本次行程如下表："), Block("label", "行程表")]
            chapter.blocks += rows
        chapter_blocks(rng, style, trip, chapter, share)
    if style.itinerary == "appendix":
        rows, facts["days"] = itinerary_blocks(rng, style, trip)
        appendix = chapters[-1]
        appendix.blocks = [Block("point", marker(style, style.markers[0], 1) + "出國行程表")] + rows
        appendix.points = 1
    facts["chapters"] = [c.title for c in chapters]
    facts["heading_style"] = style.headings
    facts["points"] = {c.title: c.points for c in chapters}
    return chapters


def chapter_lines(style: Style, chapters: list) -> list:
    """The chapters as blocks, each behind its heading."""
    out = []
    for n, chapter in enumerate(chapters, 1):
        heading = chapter_heading(style, n, chapter.title)
        blocks = list(chapter.blocks)
        if (
            style.headings == "plain"
            and style.plain_form == "inline"
            and blocks
            and blocks[0].kind == "para"
        ):
            out.append(Block("para", f"{heading}：{blocks.pop(0).text}"))
        elif style.headings == "plain" and style.plain_form == "colon":
            out.append(Block("heading", f"{heading}："))
        else:
            out.append(Block("heading", heading))
        out += blocks
    return out


def summary_blocks(rng: random.Random, style: Style, trip: Trip, facts: dict) -> list:
    text = "".join(fill(rng, rng.choice(SENTENCES[kind]), trip)
                   for kind in ("purpose", "process", "process", "insight", "suggestion"))  # fmt: skip
    facts["summary_starts"] = text[:12]
    if style.portal:
        return [field_block(style, "報告內容摘要", text)]
    return [Block("label", rng.choice(["摘要", "摘 要", "摘要："])), Block("para", text)]


def toc_blocks(rng: random.Random, style: Style, chapters: list) -> list:
    leader = rng.choice(["." * 12, "…" * 6, "．" * 8, "‧" * 10])
    tab = rng.choice(["", "\t"])
    out = [Block("label", rng.choice(["目次", "目 次", "目錄"]))]
    if style.summary and not style.portal:
        out.append(Block("toc", f"摘要{leader}{tab}i"))
    page = 1
    for n, chapter in enumerate(chapters, 1):
        title = chapter_heading(style, n, chapter.title).rstrip("：:")
        out.append(Block("toc", f"{title}{leader}{tab}{page}"))
        page += rng.randint(1, 4)
    return out


# ---------------------------------------------------------------------------------------
# Layout: blocks to lines, wrapping, pages, web chrome
# ---------------------------------------------------------------------------------------

NO_LINE_START = "。，、；：？！）」』"


def wrap(text: str, width: int) -> list:
    """Cut a line every ``width`` characters, never before closing punctuation."""
    lines, line = [], ""
    for ch in text:
        if len(line) >= width and ch not in NO_LINE_START:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def lay_out(style: Style, blocks: list) -> list:
    """The blocks as lines: paragraphs indented or not, blank lines or not, wrapped or not."""
    lines, previous = [], None
    grouped = {"field", "table", "toc", "chrome"}
    for block in blocks:
        if style.paragraphs == "blank" and previous is not None:
            if not (block.kind == previous and block.kind in grouped):
                lines.append("")
        text = block.text
        if style.paragraphs == "indent" and block.kind == "para":
            text = "　　" + text
        if style.wrap and block.kind in ("para", "point", "title", "field"):
            lines += wrap(text, style.wrap)
        else:
            lines.append(text)
        previous = block.kind
    return lines


def paginate(rng: random.Random, style: Style, trip: Trip, lines: list, facts: dict) -> list:
    """Cut the lines into pages with a footer (第 N 頁／共 M 頁 or a bare number) and maybe a
    running header and form feeds; 「(以下空白)」 after the last line of text."""
    per_page = rng.randint(25, 40) if style.wrap else rng.randint(8, 16)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    total = len(pages)
    form = rng.choice(["第 {n} 頁／共 {m} 頁", "第{n}頁/共{m}頁", "第 {n} 頁，共 {m} 頁"])
    bare = rng.choice(["{n}", "- {n} -"])
    header = ""
    if rng.random() < 0.6:
        header = f"{roc(trip.start)}年度{trip.topic}{trip.category[5]}｜{trip.agency}"
        facts["clutter"].append(header)
    feed = "\f" if rng.random() < 0.5 else ""
    blank = [""] if style.furniture == "bare" and rng.random() < 0.5 else []
    end_blank = rng.choice(["(以下空白)", "（以下空白）", ""])
    if end_blank:
        pages[-1].append(end_blank)
        facts["clutter"] += [end_blank, "以下空白"]
    out = []
    for n, page in enumerate(pages, 1):
        if n > 1 and header:
            page = [header] + page
        if n > 1 and feed:
            page = [feed + page[0]] + page[1:]
        out += page
        if style.furniture == "page_of":
            footer = form.format(n=n, m=total)
            facts["clutter"].append(footer)
        else:
            footer = bare.format(n=n)
        out += blank + [footer] + blank
    return out


def chrome_blocks(rng: random.Random, facts: dict) -> tuple[list, list]:
    top = [t for t in CHROME_TOP if rng.random() < 0.7] or [":::"]
    bottom = [t for t in CHROME_BOTTOM if rng.random() < 0.7] or ["瀏覽人次：{n}"]
    for t in top + bottom:
        if CHROME_CLUTTER[t] not in facts["clutter"]:
            facts["clutter"].append(CHROME_CLUTTER[t])
    views = rng.randint(12, 9999)
    return ([Block("chrome", t) for t in top],
            [Block("chrome", t.format(n=views)) for t in bottom])  # fmt: skip


# ---------------------------------------------------------------------------------------
# A report
# ---------------------------------------------------------------------------------------


def shape_words(style: Style) -> str:
    words = [
        f"headings={style.headings}"
        + (f"/{style.plain_form}" if style.headings == "plain" else ""),
        "markers=" + ">".join(style.markers),
        f"travellers={style.travellers}",
        f"cover_sep={style.cover_sep!r}" + (" spaced" if style.spaced_labels else ""),
        f"span={style.span_form}",
        f"report_date={style.report_form}",
        f"category={style.category_form}",
    ]
    flags = {
        "portal": style.portal,
        "agency_line": style.agency_line,
        "summary": style.summary,
        "toc": style.toc and not style.portal,
        f"itinerary={style.itinerary}/{style.row_form}": style.itinerary != "none",
        f"wrap={style.wrap}": bool(style.wrap),
        f"paragraphs={style.paragraphs}": True,
        f"furniture={style.furniture}": style.furniture != "none",
        "chrome": style.chrome,
        "simplified": style.simplified,
        "big5": style.big5,
        "crlf": style.crlf,
    }
    return "generated: " + "; ".join(words + [k for k, on in flags.items() if on])


def report(rng: random.Random) -> tuple[str, dict, Style]:
    """One report's text and facts (before Simplified conversion and encoding)."""
    trip = make_trip(rng)
    trip.title = trip_title(rng, trip)
    style = choose_style(rng, trip)
    facts: dict = {"shape": "", "must_import": True, "title": trip.title}
    facts |= {"start_date": trip.start.isoformat(), "end_date": trip.end.isoformat(),
              "report_date": trip.report_date.isoformat(), "clutter": []}  # fmt: skip
    target = rng.randint(1500, 6000)
    blocks = cover_blocks(rng, style, trip, facts)
    summary = summary_blocks(rng, style, trip, facts) if style.summary else []
    cover_size = sum(len(b.text) for b in blocks + summary)
    chapters = body(rng, style, trip, facts, max(600, int((target - cover_size) * 0.85)))
    blocks += summary
    if style.toc and not style.portal:
        blocks += toc_blocks(rng, style, chapters)
    blocks += chapter_lines(style, chapters)
    top, bottom = chrome_blocks(rng, facts) if style.chrome else ([], [])
    lines = lay_out(style, blocks)
    if style.furniture != "none":
        lines = paginate(rng, style, trip, lines, facts)
    if top:
        lines = [b.text for b in top] + [""] + lines
    if bottom:
        lines += [""] + [b.text for b in bottom]
    facts["shape"] = shape_words(style)
    if not facts["clutter"]:
        del facts["clutter"]
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if style.crlf else text, facts, style


WRITTEN = ("title", "category_detail", "summary_starts", "chapters", "clutter", "travellers")


def simplified(facts: dict, convert) -> dict:
    """The facts with the strings the document writes in Simplified characters."""
    out = dict(facts)
    for key in WRITTEN:
        if key in out:
            out[key] = json.loads(convert(json.dumps(out[key], ensure_ascii=False)))
    out["points"] = {convert(title): count for title, count in facts["points"].items()}
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check(text: str, facts: dict) -> None:
    """The facts must be the text's: every string fact written in it, the counts right."""
    flat = squash(text)
    strings = [facts["title"], *facts["chapters"], *facts.get("clutter", [])]
    strings += [v for p in facts["travellers"] for v in p.values()]
    if "summary_starts" in facts:
        strings.append(facts["summary_starts"])
    for s in strings:
        assert squash(s) in flat, f"{s!r} is not in the text"
    assert len(text) >= 1000, len(text)


def encode(text: str, style: Style) -> bytes:
    if style.big5:
        return text.encode("cp950")
    return ("\ufeff" if style.bom else "").encode() + text.encode("utf-8")


def generate(n: int, seed: int) -> list[tuple[str, bytes, dict]]:
    """``n`` generated reports: (file name, bytes, facts), the same for the same seed."""
    rng = random.Random(seed)
    t2s = opencc.OpenCC("t2s")
    out = []
    for i in range(1, n + 1):
        for _ in range(8):  # a new draw until the text is 1,500–6,000 characters long
            text, facts, style = report(rng)
            if 1500 <= len(text) <= 6000:
                break
        if style.simplified:
            text, facts = t2s.convert(text), simplified(facts, t2s.convert)
        check(text, facts)
        out.append((f"gen-{seed}-{i:04d}.txt", encode(text, style), facts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data, facts in generate(args.count, args.seed):
        (args.out / name).write_bytes(data)
        stem = name.removesuffix(".txt")
        (args.out / f"{stem}.facts.json").write_text(
            json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"{args.count} reports in {args.out}")


if __name__ == "__main__":
    main()
