package kbgen

import (
	"fmt"
	"strings"

	"github.com/posbot/posbot/internal/kb"
)

// symptom is a fault a device can show.
type symptom struct {
	slug, zh, en string
	needs        int // capabilities the device must have
	asks         []string
	enAsks       []string
	causes       []string
	steps        []string
	short        string
	shortEN      string
	answer       string
	kw           []string
}

var symptoms = []symptom{
	{slug: "no-power", zh: "开不了机", en: "won't turn on", needs: capPower,
		asks:    []string{"开不了机", "按电源键没反应", "怎么按都不开机", "突然关机再也开不了", "插着电也开不了机", "开机键按烂了都不亮"},
		enAsks:  []string{"won't turn on", "does not power on at all", "stays dead when I press the power button"},
		causes:  []string{"电池电量耗尽，深度放电后要先充一会儿才能开机。", "电源适配器或数据线接触不良、损坏。", "开机键卡住或按得不够久。", "电池老化或鼓包，已经存不住电。", "系统升级中途断电，程序损坏。"},
		steps:   []string{"插上原装充电器充电至少30分钟，看充电指示灯亮不亮。", "{power}，不要连续快速按。", "换一根线或一个插座再试，排除充电器问题。", "能开机后先签到，做一笔小额交易试试。", "仍不开机，记下机身SN联系{service}报修，不要自己拆机。"},
		short:   "先插原装充电器充30分钟，再{power}开机；换根线、换个插座再试。仍开不了机，记下SN找服务商报修，别自己拆机。",
		shortEN: "Charge it with the original charger for 30 minutes, then hold the power key to start it. Try another cable and socket. Still dead: note the SN and ask your provider for a repair.",
		answer:  "Charge the device for at least 30 minutes with its original charger, then hold the power key to start it. Try another cable and socket. If it still does not start, note the serial number (SN) and ask your service provider for a repair; do not open it yourself.",
		kw:      []string{"开不了机", "不开机", "开机没反应", "没电", "won't turn on", "no power", "dead"}},
	{slug: "black-screen", zh: "黑屏", en: "has a black screen", needs: capScreen,
		asks:    []string{"黑屏了", "屏幕突然黑了", "屏幕不亮但是有声音", "一刷卡就黑屏", "用着用着屏幕就黑了", "屏幕黑屏按键有灯"},
		enAsks:  []string{"screen went black", "has a black screen but still beeps", "display is dark"},
		causes:  []string{"进入了省电休眠，屏幕关了但机器没关。", "电量太低，屏幕先关掉。", "屏幕排线松动或屏幕损坏。", "系统卡死，画面停在黑屏。", "屏幕亮度被调到最低。"},
		steps:   []string{"按一下任意键或电源键，看能否唤醒屏幕。", "接上充电器，等几分钟再看。", "{power}强制重启。", "能亮以后在设置里调高亮度、延长休眠时间。", "仍然黑屏，可能是屏幕坏了，记下SN联系{service}报修。"},
		short:   "先按任意键唤醒，接上充电器等几分钟；还黑就{power}重启。屏幕仍不亮多半是屏坏了，记下SN找服务商报修。",
		shortEN: "Press any key to wake it and plug it in for a few minutes; if still black, force a restart. A screen that stays dark is likely broken: note the SN and ask your provider for a repair.",
		answer:  "Press any key to wake the screen and plug the charger in for a few minutes; then force a restart. If the screen stays black the display may be broken: note the serial number and ask your service provider for a repair.",
		kw:      []string{"黑屏", "屏幕不亮", "屏幕黑了", "black screen", "display dark"}},
	{slug: "freeze", zh: "死机、卡在开机画面", en: "freezes or hangs on the boot screen", needs: capScreen,
		asks:    []string{"死机了", "卡在开机画面不动", "一直停在logo界面", "按什么键都没反应 画面不动", "开机转圈转半天", "交易到一半卡住了"},
		enAsks:  []string{"freezes on the logo screen", "is stuck and no key works", "hangs in the middle of a sale"},
		causes:  []string{"系统程序出错或升级没完成。", "存储空间满了，程序跑不动。", "网络不好时交易等待超时，看起来像死机。", "硬件故障，主板或存储坏了。"},
		steps:   []string{"先等一两分钟，交易中卡住的不要马上关机，等它超时或自动冲正。", "{power}强制重启。", "重启后查询上一笔交易是否成功，没成功再重做，避免重复扣款。", "反复死机，联系{service}远程升级或重装程序。", "仍不行，记下SN报修。"},
		short:   "交易中卡住先等一两分钟别关机；再{power}重启，重启后先查上一笔成没成功再重做。反复死机找服务商升级程序或报修。",
		shortEN: "If it froze mid-sale, wait a minute or two first. Then force a restart and check whether the last sale went through before redoing it. Repeated freezes: ask your provider to update or repair it.",
		answer:  "If it froze during a sale, wait a minute or two before restarting: the sale may still time out and be reversed. Force a restart, then look up the last transaction before doing it again, to avoid charging twice. If it keeps freezing, ask your service provider to update the software or repair it.",
		kw:      []string{"死机", "卡死", "卡住", "不动了", "卡在开机", "frozen", "hang", "stuck"}},
	{slug: "reboot-loop", zh: "反复自动重启", en: "keeps restarting by itself", needs: capScreen | capPower,
		asks:    []string{"老是自己重启", "开机没一会就重启", "刷卡的时候自动重启", "反复重启进不去系统", "一直重启循环"},
		enAsks:  []string{"keeps rebooting by itself", "restarts in a loop", "reboots when I swipe a card"},
		causes:  []string{"电池接触不良或老化，一用电就掉电重启。", "系统程序损坏或升级失败。", "充电器功率不够，边充边用时重启。", "机器摔过或进过水。"},
		steps:   []string{"拔掉充电器，用满电的电池试一试；能换电池的重新装一下电池。", "换原装充电器再试。", "{power}，开机后不要马上交易，观察几分钟。", "联系{service}远程检查程序版本。", "仍然反复重启，记下SN报修。"},
		short:   "先把电池重新装好、用原装充电器；再观察开机后是否还重启。反复重启多是电池或程序问题，找服务商查程序版本或报修。",
		shortEN: "Reseat the battery and use the original charger, then watch whether it still restarts. Restart loops are usually the battery or the software: ask your provider to check or repair it.",
		answer:  "Reseat the battery if it can be removed and use the original charger. If it still restarts by itself, the battery is worn or the software is damaged: ask your service provider to check the software version remotely, or send it for repair with its serial number.",
		kw:      []string{"自动重启", "反复重启", "重启", "reboot", "restart loop"}},
	{slug: "not-charging", zh: "充不进电", en: "does not charge", needs: capBattery,
		asks:    []string{"充不进电", "插上充电器没反应", "充了一晚上还是没电", "充电灯不亮", "电量一直不涨"},
		enAsks:  []string{"won't charge", "charging light never comes on", "battery stays empty after charging all night"},
		causes:  []string{"充电器或数据线坏了，或不是原装的，功率不够。", "充电口有灰尘、氧化或松动。", "电池老化，充不进去。", "电池长期没用，过度放电。"},
		steps:   []string{"换原装充电器和线，插到墙上的插座而不是电脑USB口。", "用干的软毛刷清一清充电口。", "关机充电一小时，看指示灯。", "仍充不进，多半是电池或充电口坏了，记下SN报修；电池保修{battery}个月。"},
		short:   "换原装充电器和线、插墙上插座，清一清充电口，关机充一小时再看。仍充不进多是电池或充电口坏了，记下SN找服务商报修。",
		shortEN: "Use the original charger in a wall socket, clean the charging port and charge it switched off for an hour. Still not charging: the battery or port is faulty, ask your provider for a repair.",
		answer:  "Use the original charger and cable in a wall socket, clean the charging port gently and charge it switched off for an hour. If it still does not charge, the battery or the port is faulty: note the serial number and ask your service provider for a repair.",
		kw:      []string{"充不进电", "充不上电", "不充电", "充电", "charging", "won't charge"}},
	{slug: "battery-drain", zh: "电池不耐用、掉电快", en: "runs out of battery quickly", needs: capBattery,
		asks:    []string{"电池不耐用", "充满电半天就没了", "掉电特别快", "电量一会儿就从满格到没电", "待机一晚上电就没了"},
		enAsks:  []string{"battery drains very fast", "battery does not last half a day"},
		causes:  []string{"电池用了一两年以上，自然老化。", "屏幕亮度太高、休眠时间太长。", "信号差的地方一直在找网络，耗电很快。", "后台有程序一直在运行。"},
		steps:   []string{"调低屏幕亮度，把自动休眠改为30秒或1分钟。", "信号差时尽量连WiFi。", "不用的时候关机或放在充电座上。", "掉电仍很快，联系{service}更换电池，电池保修{battery}个月。"},
		short:   "调低亮度、把休眠改短，信号差时连WiFi，不用时放充电座。还是掉电快，多半是电池老化，找服务商换电池。",
		shortEN: "Lower the brightness, shorten the sleep time, use WiFi where the signal is weak and keep it on the cradle. Still draining: the battery is worn, ask your provider for a new one.",
		answer:  "Lower the screen brightness, shorten the sleep timeout, use WiFi where mobile signal is weak and keep the device on its charger when idle. If the battery still drains quickly it is worn out: ask your service provider for a replacement battery.",
		kw:      []string{"不耐用", "掉电快", "耗电", "电池老化", "battery drain", "battery life"}},
	{slug: "battery-swell", zh: "电池鼓包、机身发烫", en: "has a swollen battery or gets hot", needs: capBattery,
		asks:    []string{"电池鼓起来了", "后盖被顶开了", "机器烫得不行", "充电的时候特别烫", "电池鼓包还能用吗"},
		enAsks:  []string{"battery is swollen", "gets very hot while charging", "back cover is bulging"},
		causes:  []string{"电池老化或过充，内部产气鼓包。", "用了不匹配的快充充电器。", "长时间放在高温、暴晒的地方。"},
		steps:   []string{"马上停止充电和使用，关机。", "放在远离易燃物的地方，不要挤压、不要扎破电池。", "联系{service}更换电池或换机，交易记录和商户信息不会丢。", "以后只用原装充电器，别放在太阳下或热源旁边。"},
		short:   "马上停用、拔掉充电器并关机，放在远离易燃物的地方，不要挤压电池。联系服务商换电池或换机，交易数据不会丢。",
		shortEN: "Stop using and charging it at once, switch it off and keep it away from anything flammable; do not press the battery. Ask your provider for a new battery or device.",
		answer:  "A swollen or very hot battery is a safety risk: stop charging and using the device at once, switch it off and keep it away from anything flammable. Do not press or pierce the battery. Ask your service provider for a replacement battery or device; your transactions are kept on the host.",
		kw:      []string{"鼓包", "电池鼓", "发烫", "发热", "过热", "swollen battery", "overheating", "hot"}},
	{slug: "touch-fail", zh: "触摸屏失灵", en: "touch screen does not respond", needs: capTouch,
		asks:    []string{"触摸屏点不动", "屏幕乱跳", "点哪里都没反应", "触屏不灵 输不了金额", "屏幕自己乱点"},
		enAsks:  []string{"touch screen not responding", "screen taps in the wrong places"},
		causes:  []string{"屏幕上有水、油或贴了不合适的膜。", "系统卡顿，看起来像触摸失灵。", "触摸屏排线松动或屏幕碎裂。"},
		steps:   []string{"用干布把屏幕擦干净，撕掉太厚的贴膜。", "{power}重启。", "在设置里做一次触摸校准（有的机型叫“屏幕校准”）。", "仍然失灵，记下SN报修，屏幕碎了不在保修范围内。"},
		short:   "先擦干净屏幕、撕掉厚膜，再{power}重启；设置里做一次屏幕校准。仍失灵记下SN找服务商报修。",
		shortEN: "Wipe the screen dry, remove thick protectors, restart, and run the screen calibration in settings. Still not responding: ask your provider for a repair.",
		answer:  "Wipe the screen clean and dry, remove any thick screen protector, restart the device and run the touch calibration in settings. If it still does not respond, ask your service provider for a repair; a cracked screen is not covered by warranty.",
		kw:      []string{"触摸", "触屏", "点不动", "失灵", "乱跳", "touch screen", "unresponsive"}},
	{slug: "screen-garbled", zh: "屏幕花屏、有竖线", en: "screen shows lines or garbage", needs: capScreen,
		asks:    []string{"屏幕花了", "屏幕上有几条竖线", "显示乱码看不清", "屏幕一半亮一半不亮", "字都显示不全"},
		enAsks:  []string{"screen has vertical lines", "display shows garbled characters"},
		causes:  []string{"屏幕受压或摔过，液晶损坏。", "屏幕排线松动。", "程序字库出错，显示乱码。"},
		steps:   []string{"{power}重启，看是否恢复。", "乱码但屏幕本身正常的，联系{service}远程更新程序。", "有竖线、漏液、一半不亮，是屏幕硬件问题，记下SN报修。"},
		short:   "先{power}重启；只是乱码的找服务商远程更新程序；有竖线、一半不亮是屏幕坏了，记下SN报修。",
		shortEN: "Restart it first. Garbled text only: ask your provider to update the software. Lines or half a dark screen mean the display is broken: send it for repair.",
		answer:  "Restart the device first. Garbled characters on a working screen are a software problem your service provider can fix remotely. Vertical lines, leaking liquid or half a dark screen mean the display itself is damaged and needs a repair.",
		kw:      []string{"花屏", "竖线", "乱码", "显示不全", "garbled screen", "lines on screen"}},
	{slug: "keys-fail", zh: "按键失灵", en: "keys do not work", needs: capKeys,
		asks:    []string{"按键失灵", "数字键按不出来", "确认键要按好几下", "有个键按下去弹不起来", "输密码的键盘不灵"},
		enAsks:  []string{"some keys do not work", "the enter key needs several presses"},
		causes:  []string{"按键下面进了灰尘、饮料或油污。", "按键老化，导电胶磨损。", "键盘排线松动。"},
		steps:   []string{"关机后用干布擦净按键四周，不要用水冲。", "逐个按键测试，记下哪几个不灵。", "{power}重启再试。", "仍失灵，记下SN报修；进水导致的不在保修内。"},
		short:   "关机擦净按键四周（别用水冲），逐个试一试是哪个键不灵，再重启。仍不灵记下SN找服务商报修。",
		shortEN: "Switch off, wipe around the keys (no water), test which keys fail and restart. Still failing: note the SN and ask your provider for a repair.",
		answer:  "Switch it off and wipe around the keys with a dry cloth, then test each key and restart. Keys that still fail need a repair; liquid damage is not covered by warranty.",
		kw:      []string{"按键", "按键失灵", "键盘", "按不出", "keys", "keypad"}},
	{slug: "card-read-fail", zh: "读不了卡、提示读卡失败", en: "cannot read cards", needs: capCard,
		asks:    []string{"提示读卡失败", "所有卡都读不出来", "刷卡没反应", "插卡提示请重试", "读卡器好像坏了", "一直提示请插卡"},
		enAsks:  []string{"says card read error", "cannot read any card", "keeps asking to insert the card"},
		causes:  []string{"读卡口有灰尘、纸屑或异物。", "顾客的卡芯片磨损、磁条消磁。", "读卡模块故障。", "插卡方向不对或没插到底。"},
		steps:   []string{"换一张别的卡试：只有这张卡不行是卡的问题，请顾客换卡或扫码。", "用清洁卡或干的软布清理读卡口，不要塞异物。", "芯片卡插到底、芯片朝上，停留到提示完成再拔。", "所有卡都读不出来，{power}重启后再试。", "仍不行，记下SN报修。"},
		short:   "先换张别的卡试：只有一张不行是卡的问题。所有卡都不行就清理读卡口、重启；仍读不出记下SN找服务商报修。",
		shortEN: "Try another card first: if only one card fails, the card is the problem. If all fail, clean the card slot and restart; still failing, ask your provider for a repair.",
		answer:  "Try another card first: if only one card fails, it is that card. If every card fails, clean the slot with a cleaning card or dry cloth, insert chip cards fully and restart the terminal. If it still cannot read cards, ask your service provider for a repair.",
		kw:      []string{"读卡失败", "读不了卡", "读卡器", "插卡", "刷不了卡", "card read error", "cannot read card"}},
	{slug: "tap-fail", zh: "挥卡、闪付没反应", en: "contactless tap does not work", needs: capNFC | capCard,
		asks:    []string{"挥卡没反应", "闪付感应不到", "手机碰一下没反应", "贴卡付不了", "拍卡要拍好几次"},
		enAsks:  []string{"contactless does not work", "phone tap is not detected"},
		causes:  []string{"没先输入金额进入挥卡界面就贴卡。", "卡或手机离感应区太远、停留时间太短。", "手机没开NFC或没设置默认卡。", "终端没开通闪付功能。"},
		steps:   []string{"先输金额，屏幕出现挥卡图标后再贴卡。", "卡片平贴在屏幕上方或机身标识的感应区，停留一两秒。", "手机支付请顾客打开NFC并解锁手机。", "所有卡都贴不上，联系{service}确认终端是否开通闪付。"},
		short:   "先输金额，等屏幕出现挥卡图标再贴卡，平放在感应区停一两秒；手机要开NFC。都感应不到就问服务商是否开通了闪付。",
		shortEN: "Enter the amount first, wait for the tap icon, then hold the card flat on the reader for a second or two; phones need NFC on. Nothing works: ask your provider whether contactless is enabled.",
		answer:  "Enter the amount first and wait for the contactless icon, then hold the card or phone flat on the reader area for a second or two; phones need NFC switched on and unlocked. If no card can tap, ask your service provider whether contactless is enabled on your terminal.",
		kw:      []string{"挥卡", "闪付", "感应", "碰一碰", "贴卡", "contactless", "tap", "nfc"}},
	{slug: "print-faded", zh: "打印字迹淡、不清楚", en: "prints faint slips", needs: capPrint,
		asks:    []string{"打出来的字很淡", "小票看不清", "签购单一半有字一半没字", "打印模糊", "打印颜色越来越浅"},
		enAsks:  []string{"prints very faint slips", "receipts are hard to read"},
		causes:  []string{"热敏纸质量差或放久了受潮。", "纸卷装反了，光面没朝打印头。", "打印头脏了，积了纸屑。", "电量低时打印浓度下降。"},
		steps:   []string{"换一卷新的热敏纸，确认光滑的一面朝打印头。", "关机后用酒精棉签轻擦打印头。", "在设置里把打印浓度调高一级。", "充满电再打；仍很淡，记下SN报修。"},
		short:   "换卷新热敏纸，光面朝打印头；关机用酒精棉签擦打印头，设置里调高打印浓度。仍然很淡找服务商报修。",
		shortEN: "Fit a new thermal roll shiny side to the print head, clean the head with an alcohol swab and raise the print density. Still faint: ask your provider for a repair.",
		answer:  "Fit a new thermal paper roll with the shiny side towards the print head, clean the head with an alcohol swab while the device is off, and raise the print density in settings. If slips are still faint, the print head needs a repair.",
		kw:      []string{"打印淡", "字迹淡", "打印模糊", "看不清", "faint print", "receipt faded"}},
	{slug: "paper-jam", zh: "卡纸、出纸歪", en: "jams the paper", needs: capPrint,
		asks:    []string{"卡纸了", "打印纸出不来", "出纸是歪的", "打一半纸就卡住", "小票撕不下来"},
		enAsks:  []string{"paper keeps jamming", "receipt paper comes out crooked"},
		causes:  []string{"纸卷太大或太紧，装进去不顺。", "纸卷没放正，纸头没拉出一截。", "纸仓里有碎纸。"},
		steps:   []string{"打开纸仓盖，取出纸卷和碎纸。", "换尺寸合适的纸卷（一般57毫米宽），纸头拉出一截再合盖。", "合盖时压紧两侧，听到咔哒声。", "打一张测试页；仍卡纸，记下SN报修。"},
		short:   "打开纸仓取出纸卷和碎纸，换57毫米宽的合适纸卷，纸头拉出一截再压紧合盖，打张测试页。仍卡纸找服务商报修。",
		shortEN: "Open the paper cover, remove the roll and scraps, fit a roll of the right size with a bit of paper pulled out, close firmly and print a test page.",
		answer:  "Open the paper cover, remove the roll and any scraps, fit a roll of the right width (usually 57 mm) with some paper pulled out, close the cover firmly and print a test page. If it keeps jamming, ask your service provider for a repair.",
		kw:      []string{"卡纸", "出纸歪", "纸卡住", "paper jam", "paper stuck"}},
	{slug: "print-blank", zh: "打出来是白纸", en: "prints blank slips", needs: capPrint,
		asks:    []string{"打出来是白纸", "小票一个字都没有", "打印是空白的", "出纸了但是没字"},
		enAsks:  []string{"prints blank receipts", "slip comes out empty"},
		causes:  []string{"热敏纸装反了，最常见。", "用的不是热敏纸。", "打印头坏了。"},
		steps:   []string{"把纸卷翻过来装，光滑、用指甲划会变黑的一面朝打印头。", "确认是热敏纸。", "重打上一笔签购单。", "仍是白纸，记下SN报修。"},
		short:   "多半是纸装反了：把纸卷翻过来，用指甲划会变黑的一面朝打印头，再重打上一笔。仍是白纸找服务商报修。",
		shortEN: "The paper is most likely upside down: turn the roll so the side that darkens when scratched faces the print head, then reprint the last slip.",
		answer:  "Blank slips almost always mean the thermal roll is upside down: turn it so the side that darkens when you scratch it faces the print head, then reprint the last slip. If slips stay blank, the print head needs a repair.",
		kw:      []string{"白纸", "空白", "没字", "纸装反", "blank receipt"}},
	{slug: "no-network", zh: "连不上网、提示网络连接失败", en: "cannot connect to the network", needs: capNet,
		asks:    []string{"提示网络连接失败", "连不上网", "一直显示无网络", "交易提示通讯失败", "信号格是空的", "连接主机失败"},
		enAsks:  []string{"says network connection failed", "cannot connect to the host", "shows no network"},
		causes:  []string{"流量卡欠费、到期或被停用。", "所在位置信号差，比如地下室、铁皮房。", "WiFi密码改了或路由器断网。", "终端网络设置被改动，或SIM卡松了。", "收单主机临时故障。"},
		steps:   []string{"看屏幕上的信号图标，换到门口或窗边再试。", "用WiFi的：确认路由器能上网、密码没改，重新连接。", "关机后把SIM卡取出重新插好。", "在{app}里查流量卡是否到期。", "都正常还失败，记下提示或应答码，联系{service}。"},
		short:   "换到信号好的地方，WiFi的确认路由器能上网；关机重插SIM卡，在{app}里看流量卡是否到期。仍失败记下提示找服务商。",
		shortEN: "Move where the signal is better, check the WiFi router, reseat the SIM and check in the merchant app whether its data plan has expired. Still failing: note the message and contact your provider.",
		answer:  "Move to where the signal is better, or check that your WiFi router is online and the password has not changed. Switch off, reseat the SIM card, and check in the merchant app whether the data plan has expired. If it still fails, note the message or code and contact your service provider.",
		kw:      []string{"网络连接失败", "连不上网", "无网络", "通讯失败", "没信号", "network error", "no connection"}},
	{slug: "sim-expired", zh: "流量卡到期、提示欠费", en: "has an expired data SIM", needs: capNet,
		asks:    []string{"流量卡到期了", "提示流量卡欠费", "说要交流量费", "流量费怎么续", "SIM卡过期了还能用吗"},
		enAsks:  []string{"data SIM has expired", "asks me to pay the data fee"},
		causes:  []string{"随机赠送的流量卡免费期满了。", "流量卡年费没续上。", "长时间没交易，流量卡被运营商停用。"},
		steps:   []string{"在{app}的设备管理里查流量卡到期时间。", "按提示续费，年费以{app}显示为准（参考{sim}元一年）。", "续费后重启终端，等几分钟信号恢复。", "不想续费的，可以改连店里的WiFi（支持WiFi的机型）。", "收到陌生短信让你转账交流量费的，不要理会，只在{app}里交。"},
		short:   "在{app}里看流量卡到期时间并续费（参考{sim}元一年），续费后重启等几分钟。只在App里交，不要给陌生短信转账。",
		shortEN: "Check the data SIM expiry in the merchant app and renew it there (about {sim} yuan a year), then restart. Pay only in the app, never to strangers by text message.",
		answer:  "Check the data SIM's expiry in the merchant app and renew it there (around {sim} yuan a year with {A}), then restart the terminal. Models with WiFi can use your shop's WiFi instead. Pay only in the official app; ignore text messages asking you to transfer money for data fees.",
		kw:      []string{"流量卡", "流量费", "欠费", "续费", "SIM卡", "data sim", "data fee"}},
	{slug: "wifi-fail", zh: "连不上WiFi", en: "cannot join the WiFi", needs: capNet | capScreen,
		asks:    []string{"连不上WiFi", "WiFi密码输对了还是连不上", "换了路由器就连不上了", "搜不到店里的WiFi", "WiFi连上了但没网"},
		enAsks:  []string{"cannot connect to the shop WiFi", "does not find my WiFi network"},
		causes:  []string{"路由器是5G频段，终端只支持2.4G。", "WiFi名称有中文或特殊符号。", "密码改过，终端记的是旧密码。", "路由器本身没网。"},
		steps:   []string{"在路由器里打开2.4G频段，名称改成英文和数字。", "在终端里忘记这个网络，重新输入密码连接。", "用手机连同一个WiFi，确认能上网。", "仍连不上，改用4G流量，联系{service}检查网络设置。"},
		short:   "把路由器打开2.4G频段、WiFi名改成英文数字，在终端里忘记网络后重连；先用手机确认WiFi能上网。仍不行改用4G并找服务商。",
		shortEN: "Enable the 2.4 GHz band on the router with a plain English name, forget the network on the device and join again; check the WiFi works on a phone. Still failing: use 4G and contact your provider.",
		answer:  "Most terminals only join 2.4 GHz WiFi with a plain name: enable that band on the router, forget the network on the device and join again, and check the WiFi works on a phone. If it still fails, use mobile data and ask your service provider to check the network settings.",
		kw:      []string{"WiFi", "无线网", "路由器", "连不上WiFi", "wifi", "wireless"}},
	{slug: "signal-weak", zh: "信号弱、交易老是超时", en: "has a weak signal and sales time out", needs: capNet | capCard,
		asks:    []string{"信号只有一格", "交易老是超时", "刷卡转半天最后说超时", "在店里后面就没信号", "一到中午就交易超时"},
		enAsks:  []string{"sales keep timing out", "signal is very weak in my shop"},
		causes:  []string{"店铺位置信号弱，或被金属货架、墙体挡住。", "流量卡所属运营商在当地覆盖差。", "高峰时段主机或网络拥堵。"},
		steps:   []string{"超时的交易先别重刷：查询交易或请顾客看是否扣款，终端一般会自动冲正。", "把终端拿到门口或窗边交易。", "有WiFi的改连WiFi。", "长期信号差，联系{service}更换其他运营商的流量卡。"},
		short:   "超时先别重刷，先查这笔有没有扣款，终端会自动冲正。拿到门口窗边交易或改连WiFi；长期信号差找服务商换运营商流量卡。",
		shortEN: "After a timeout, do not re-swipe at once: check whether the customer was charged; it is usually reversed automatically. Move to a window or use WiFi; ask your provider for another carrier's SIM.",
		answer:  "After a timeout, do not re-swipe at once: check the transaction or ask the customer whether they were charged; unfinished sales are usually reversed automatically. Move the terminal to a window or door, or use WiFi. If the signal is always weak, ask your service provider for a SIM from another carrier.",
		kw:      []string{"信号弱", "超时", "交易超时", "一格信号", "timeout", "weak signal"}},
	{slug: "sign-on-fail", zh: "签到失败", en: "fails to sign on", needs: capCard | capNet,
		asks:    []string{"签到失败", "开机签到不成功", "提示请先签到 一签就失败", "签到一直转圈", "签到提示主机拒绝"},
		enAsks:  []string{"sign-on fails every morning", "says please sign on but sign-on fails"},
		causes:  []string{"网络不通，签到报文发不出去。", "终端参数或密钥过期，要重新下载。", "商户或终端状态异常（暂停、未激活）。", "操作员号或密码输错。"},
		steps:   []string{"先确认网络正常（信号、WiFi、流量卡）。", "用默认操作员重新签到，注意操作员号和密码。", "签到时提示密钥、MAC相关错误的，联系{service}远程下载密钥。", "提示商户或终端状态异常的，问{service}账户是否被暂停。"},
		short:   "先确认网络正常，再用正确的操作员号和密码重新签到。提示密钥或MAC错误找服务商远程下载密钥；提示状态异常问服务商账户是否被暂停。",
		shortEN: "Check the network, then sign on again with the right operator number and password. Key or MAC errors: ask your provider to reload the keys. Status errors: ask whether your account is suspended.",
		answer:  "Check the network first, then sign on again with the correct operator number and password. If sign-on fails with a key or MAC error, your service provider must reload the keys remotely; if it says the merchant or terminal status is abnormal, ask them whether your account is suspended.",
		kw:      []string{"签到失败", "签到", "请先签到", "sign on", "logon failed"}},
	{slug: "key-error", zh: "提示密钥错误、要下载密钥", en: "shows a key error", needs: capCard,
		asks:    []string{"提示密钥错误", "说要下载密钥", "显示主密钥丢失", "提示请灌装密钥", "交易报MAC错"},
		enAsks:  []string{"says key error, please download keys", "master key lost message"},
		causes:  []string{"终端密钥过期或丢失，多在升级、换电池或长期关机后出现。", "机器检测到被拆或受到冲击，自动清除了密钥（安全机制）。", "签到不完整。"},
		steps:   []string{"先重新签到一次。", "仍提示密钥错误，联系{service}远程下载密钥（不用寄回）。", "提示“机器被攻击”“tamper”的，是安全锁，只能报修解锁，不要自己拆。"},
		short:   "先重新签到；仍提示密钥错误就找服务商远程下载密钥，一般不用寄回。提示机器被攻击的是安全锁，只能报修。",
		shortEN: "Sign on again first. If the key error stays, your provider reloads the keys remotely, usually without sending the device back. A tamper message is a security lock and needs a repair.",
		answer:  "Sign on again first. If the key error persists, your service provider can reload the keys remotely, usually without sending the terminal back. A 'tamper' or 'device attacked' message is a security lock that only a repair can clear; do not open the device.",
		kw:      []string{"密钥", "密钥错误", "下载密钥", "主密钥", "mac错", "key error", "master key"}},
	{slug: "tamper", zh: "提示设备被攻击、锁机", en: "is locked with a tamper alert", needs: capCard | capScreen,
		asks:    []string{"屏幕提示设备被攻击", "出现tamper字样锁机了", "显示安全触发 不能交易", "摔了一下就提示被攻击"},
		enAsks:  []string{"shows a tamper alert and is locked", "says device attacked after it fell"},
		causes:  []string{"机器受到撞击、摔落或被拆开，安全装置触发。", "电池完全没电后安全电池也耗尽。", "进水或受潮。"},
		steps:   []string{"这是防盗刷的安全机制，商户和客服都不能远程解除。", "不要自己拆机或反复开关机。", "记下SN，联系{service}寄修或换机。", "换机期间可以用扫码等方式收款。"},
		short:   "这是防盗刷的安全锁，不能远程解除，也别自己拆。记下SN找服务商寄修或换机，期间先用扫码收款。",
		shortEN: "It is an anti-fraud security lock that cannot be removed remotely; do not open the device. Note the SN and ask your provider for a repair or replacement; take QR payments meanwhile.",
		answer:  "A tamper alert is a security lock that protects card data. It cannot be removed remotely and the device must not be opened. Note the serial number and ask your service provider for a repair or replacement; take QR payments in the meantime.",
		kw:      []string{"被攻击", "tamper", "安全触发", "锁机", "tamper alert"}},
	{slug: "not-activated", zh: "提示终端未激活", en: "says the terminal is not activated", needs: capNet,
		asks:    []string{"提示终端未激活", "新机器开机说未激活", "激活码在哪", "显示设备未绑定商户", "激活失败"},
		enAsks:  []string{"says terminal not activated", "new device asks for an activation code"},
		causes:  []string{"新机器还没在{app}里绑定商户。", "商户进件还在审核，没有通过。", "激活码输错或已经用过。"},
		steps:   []string{"在{app}里扫机身SN绑定，按提示完成实名认证。", "查进件状态，审核一般{review}个工作日内。", "激活码输错三次以上的，等半小时再试或问{service}。", "激活后先签到，再做一笔小额交易验证。"},
		short:   "在{app}里扫机身SN绑定并完成实名认证；进件还在审核就等审核通过（一般{review}个工作日）。激活后先签到再小额试刷。",
		shortEN: "Bind the device in the merchant app by scanning its SN and finish identity verification; if your application is under review, wait for approval. Then sign on and try a small sale.",
		answer:  "Bind the device in the merchant app by scanning its serial number and finish identity verification. If your application is still under review, activation waits for approval (usually within {review} working days). After activation, sign on and try a small sale.",
		kw:      []string{"未激活", "激活", "激活码", "绑定商户", "not activated", "activation"}},
	{slug: "time-wrong", zh: "日期时间不对", en: "shows the wrong date and time", needs: capScreen | capNet,
		asks:    []string{"时间不对", "小票上的日期是错的", "显示的时间慢了好几个小时", "年份变成2000年了"},
		enAsks:  []string{"shows the wrong time", "receipt has the wrong date"},
		causes:  []string{"内部时钟电池没电，断电后时间复位。", "签到没成功，没有和主机对时。", "时区设置被改动。"},
		steps:   []string{"重新签到，多数机型签到后自动和主机对时。", "在设置里把时区改为北京时间（UTC+8）。", "时间仍然复位，是时钟电池的问题，记下SN报修。", "交易以主机记录的时间为准，小票时间错了不影响到账。"},
		short:   "重新签到让机器和主机对时，设置里时区改成北京时间。关机后时间又复位是时钟电池坏了，找服务商报修；小票时间错不影响到账。",
		shortEN: "Sign on again so it syncs with the host and set the time zone to Beijing time. If the time resets after power-off, the clock battery is dead. A wrong slip time does not affect payout.",
		answer:  "Sign on again so the terminal syncs its clock with the host, and set the time zone to Beijing time (UTC+8). If the time resets whenever it is switched off, the clock battery needs a repair. The host's time counts: a wrong time on the slip does not affect payout.",
		kw:      []string{"时间不对", "日期错", "时间错误", "对时", "wrong time", "wrong date"}},
	{slug: "app-crash", zh: "收款App闪退、打不开", en: "payment app crashes", needs: capApp,
		asks:    []string{"收款App闪退", "点开收银软件就退出", "App打不开一直白屏", "更新以后App进不去", "收银程序老是崩"},
		enAsks:  []string{"payment app keeps crashing", "checkout app will not open after the update"},
		causes:  []string{"App版本太旧或更新不完整。", "存储空间满了。", "装了来路不明的软件，和收银程序冲突。"},
		steps:   []string{"{power}重启。", "在应用市场把收款App更新到最新版。", "清理存储空间，卸载不用的App。", "仍闪退，联系{service}远程修复；不要恢复出厂设置，以免丢失参数。"},
		short:   "先重启，再把收款App更新到最新版，清理存储、卸载不用的App。仍闪退找服务商远程修复，别自己恢复出厂设置。",
		shortEN: "Restart, update the payment app, free up storage and remove apps you do not use. Still crashing: ask your provider to fix it remotely; do not factory reset it yourself.",
		answer:  "Restart the device, update the payment app to the latest version, free up storage and remove apps you do not need. If it still crashes, ask your service provider to repair it remotely; do not factory reset it, that erases the terminal's settings.",
		kw:      []string{"闪退", "打不开", "App崩溃", "白屏", "app crash", "app won't open"}},
	{slug: "update-fail", zh: "程序升级失败、一直提示更新", en: "fails to update its software", needs: capScreen | capNet,
		asks:    []string{"升级失败", "一直提示有新版本要更新", "更新到一半不动了", "升级以后刷不了卡了", "说版本过低不能交易"},
		enAsks:  []string{"software update fails", "keeps asking me to update"},
		causes:  []string{"升级时网络断了或电量不够。", "存储空间不足。", "升级包下载不完整。"},
		steps:   []string{"充满电、连上稳定的WiFi再升级，升级过程中不要关机。", "升级失败的，重启后在设置里手动检查更新。", "升级后刷不了卡的，先重新签到。", "反复失败，联系{service}远程推送或报修。"},
		short:   "充满电、连稳定WiFi再升级，升级中别关机；失败就重启后手动检查更新，升级后先重新签到。反复失败找服务商远程推送。",
		shortEN: "Charge it fully and use stable WiFi before updating, and never switch off during the update. After a failure restart and check for updates; sign on after updating.",
		answer:  "Charge the device fully and connect to stable WiFi before updating, and never switch it off during an update. If it fails, restart and check for updates again in settings; after updating, sign on again. If updates keep failing, ask your service provider to push the update or repair it.",
		kw:      []string{"升级", "更新", "升级失败", "版本过低", "update failed", "firmware"}},
	{slug: "scan-fail", zh: "扫不出顾客付款码", en: "cannot scan customers' payment codes", needs: capScan,
		asks:    []string{"扫不出顾客的付款码", "扫码半天没反应", "顾客手机亮度低就扫不出", "扫码头对着码没反应", "扫码一直提示识别失败"},
		enAsks:  []string{"cannot scan the customer's payment code", "scanner does not read phone QR codes"},
		causes:  []string{"顾客手机屏幕太暗、有裂纹或贴了防窥膜。", "付款码离扫码窗口太近或太远。", "扫码窗口脏了、有划痕。", "扫码模块故障。"},
		steps:   []string{"请顾客调亮屏幕，把付款码放在扫码窗口10到15厘米处。", "用干布擦干净扫码窗口。", "换另一位顾客的码试试，判断是码的问题还是机器的问题。", "都扫不出，重启后再试；仍不行记下SN报修。"},
		short:   "请顾客调亮屏幕，付款码放在扫码窗口10到15厘米处；擦干净扫码窗口，换个码试试。都扫不出就重启，仍不行找服务商报修。",
		shortEN: "Ask the customer to raise the screen brightness and hold the code 10-15 cm from the window; wipe the window and try another code. Nothing scans: restart, then ask your provider for a repair.",
		answer:  "Ask the customer to raise the phone's brightness and hold the payment code 10 to 15 cm from the scanning window; wipe the window clean and try another customer's code. If no code scans, restart the device and, if that fails, ask your service provider for a repair.",
		kw:      []string{"扫不出", "扫码失败", "识别失败", "付款码", "扫码头", "cannot scan", "scan failed"}},
	{slug: "scan-light-off", zh: "扫码头不亮", en: "scanner light stays off", needs: capScan | capPower,
		asks:    []string{"扫码头不亮了", "扫码灯不亮", "红光没了", "扫码窗口没有光"},
		enAsks:  []string{"scanner light is off", "the red scan light does not come on"},
		causes:  []string{"设备处于休眠，或扫码功能被关闭。", "供电不足（USB口供电不够）。", "扫码模块坏了。"},
		steps:   []string{"{power}重新通电。", "换一个电源适配器或USB口。", "在收款界面重新进入扫码收款。", "仍不亮，记下SN报修。"},
		short:   "先{power}重新通电，换个电源或USB口，再进扫码收款界面。扫码灯仍不亮，记下SN找服务商报修。",
		shortEN: "Power it off and on, try another adapter or USB port and open the scan screen again. Light still off: note the SN and ask your provider for a repair.",
		answer:  "Power the device off and on, try another adapter or USB port, and open the scan-to-pay screen again. If the scanner light stays off, the scan module needs a repair.",
		kw:      []string{"扫码头不亮", "扫码灯", "红光", "scanner light"}},
	{slug: "no-sound", zh: "不播报、没声音", en: "does not announce payments", needs: capSound,
		asks:    []string{"不播报了", "收钱没声音", "顾客付了钱没报", "播报声音特别小", "突然哑了"},
		enAsks:  []string{"does not announce payments", "has no sound when customers pay"},
		causes:  []string{"音量调到最低或静音。", "没网，收不到到账通知。", "没绑定或绑错了收款码。", "喇叭坏了。"},
		steps:   []string{"按音量加键听提示音。", "看网络指示灯，在{app}里查设备是否在线。", "在{app}里确认绑定的是正在用的收款码。", "仍不响，记下SN报修。以{app}里的订单为准，不要只听播报。"},
		short:   "先调大音量，看网络灯和{app}里设备是否在线、绑的是不是正在用的码。仍不响找服务商报修；钱到没到以App订单为准。",
		shortEN: "Turn the volume up, check the network light and, in the merchant app, that the device is online and bound to the code you use. Always confirm payments in the app.",
		answer:  "Turn the volume up, check the network light, and confirm in the merchant app that the device is online and bound to the QR code you actually use. The announcement is only a reminder: always confirm payments in the app.",
		kw:      []string{"不播报", "没声音", "不报", "播报", "音量", "no sound", "not announcing"}},
	{slug: "delay-broadcast", zh: "播报延迟、重复播报", en: "announces late or twice", needs: capSound | capNet,
		asks:    []string{"播报慢半拍", "顾客走了才报", "同一笔报了两次", "半夜突然播报", "报的金额和实际不一样"},
		enAsks:  []string{"announces payments late", "announced the same payment twice"},
		causes:  []string{"网络信号差，通知延迟送达。", "网络恢复后把之前的通知补播。", "同一个码绑了两台播报设备。"},
		steps:   []string{"改善网络：换位置或改连WiFi。", "在{app}里检查同一个码是否绑了多台设备，解绑多余的。", "重复播报的，以{app}订单为准，不是多收了钱。", "报的金额不对，截图订单联系{service}。"},
		short:   "播报慢多是网络差，换位置或连WiFi；重复播报是补播，以{app}订单为准，不是多收了钱。金额不对就截图订单找服务商。",
		shortEN: "Late announcements mean a weak network: move it or use WiFi. A repeated announcement is a replay, not a second payment; the app's orders count.",
		answer:  "Late announcements usually mean a weak network: move the device or connect it to WiFi. An announcement repeated after the network returns is a replay, not a second payment; the orders in the merchant app are what count. If the amount announced is wrong, send a screenshot of the order to your service provider.",
		kw:      []string{"播报延迟", "重复播报", "报两次", "播报慢", "late announcement", "announced twice"}},
	{slug: "bluetooth-fail", zh: "蓝牙连不上手机", en: "cannot pair with the phone by Bluetooth", needs: capBT,
		asks:    []string{"蓝牙连不上", "App搜不到刷卡器", "配对一直失败", "连上一会儿就断开", "换了手机就连不上了"},
		enAsks:  []string{"cannot pair with my phone", "app does not find the card reader"},
		causes:  []string{"手机蓝牙或定位权限没开。", "刷卡器已和别的手机配对。", "刷卡器没电。", "App版本太旧。"},
		steps:   []string{"给刷卡器充电，开机。", "手机打开蓝牙和定位，给App蓝牙权限。", "在手机蓝牙设置里忽略旧的配对，在App里重新搜索。", "更新App后再试；仍不行联系{service}。"},
		short:   "刷卡器充好电开机；手机开蓝牙和定位并给App权限，忽略旧配对后在App里重新搜索。仍连不上更新App或找服务商。",
		shortEN: "Charge and switch on the reader; turn on Bluetooth and location on the phone and allow the app, forget the old pairing and search again in the app.",
		answer:  "Charge and switch on the card reader, turn on Bluetooth and location on your phone and allow the app to use them, forget the old pairing in the phone's settings and search again in the app. Update the app if it still fails, then contact your service provider.",
		kw:      []string{"蓝牙", "配对", "连不上手机", "搜不到", "bluetooth", "pairing"}},
	{slug: "storage-full", zh: "提示存储空间不足", en: "says storage is full", needs: capApp,
		asks:    []string{"提示存储空间不足", "内存满了", "说空间不够不能更新", "越用越卡 提示清理内存"},
		enAsks:  []string{"says storage is full", "not enough space to update"},
		causes:  []string{"交易照片、日志积累太多。", "装了很多无关的App。"},
		steps:   []string{"在设置里清理缓存。", "卸载和收款无关的App。", "不要删除收款App的数据，以免丢参数。", "仍不足，联系{service}远程清理。"},
		short:   "在设置里清理缓存，卸载和收款无关的App，别删收款App的数据。仍提示不足找服务商远程清理。",
		shortEN: "Clear the cache in settings and remove apps unrelated to payments; do not clear the payment app's data. Still full: ask your provider to clean it remotely.",
		answer:  "Clear the cache in settings and uninstall apps that have nothing to do with payments; never clear the payment app's own data, it holds the terminal settings. If storage is still full, ask your service provider to clean it up remotely.",
		kw:      []string{"存储空间", "内存不足", "空间不足", "storage full"}},
	{slug: "nfc-plate", zh: "碰一碰没反应", en: "tap-to-pay stand does not respond", needs: capPlate,
		asks:    []string{"碰一碰没反应", "顾客手机碰了码牌没弹出付款", "碰一碰只能扫码", "苹果手机碰不了"},
		enAsks:  []string{"tap to pay stand does nothing", "phones do not react when tapping the stand"},
		causes:  []string{"顾客手机没开NFC，或机型不支持。", "码牌放在金属台面上，信号被挡。", "码牌没绑定到你的商户。"},
		steps:   []string{"请顾客打开NFC，手机背部上方贴近码牌的感应标识。", "把码牌从金属台面上移开。", "在{app}里确认码牌已绑定。", "不支持碰一碰的手机，请顾客扫码支付。"},
		short:   "请顾客开NFC，用手机背部上方贴近码牌标识；码牌别放金属台面上，在{app}里确认已绑定。不支持的手机改扫码。",
		shortEN: "Ask the customer to turn on NFC and touch the top back of the phone to the stand's mark; keep the stand off metal and check it is bound in the app. Otherwise scan the code.",
		answer:  "Ask the customer to switch on NFC and touch the upper back of the phone to the stand's mark; keep the stand off metal counters and check in the merchant app that it is bound to you. Phones without NFC can still scan the QR code.",
		kw:      []string{"碰一碰", "NFC", "码牌", "感应", "tap to pay"}},
	{slug: "plate-faded", zh: "码牌褪色、扫不出", en: "QR stand is faded and cannot be scanned", needs: capPlate,
		asks:    []string{"码牌褪色了", "码牌晒花了扫不出", "码牌被划坏了", "顾客说扫码牌扫不动"},
		enAsks:  []string{"QR stand is faded", "customers cannot scan my QR stand"},
		causes:  []string{"长期日晒雨淋，印刷褪色。", "码面被划伤、油污覆盖。"},
		steps:   []string{"用湿布擦净码面再试。", "在{app}里申请补发码牌，或临时打印商户收款码。", "只用{app}下发的码，不要用来路不明的码贴纸替换。", "换码后确认云音箱重新绑定。"},
		short:   "先擦净码面再试；扫不出就在{app}里申请补发码牌或临时打印收款码，只用App下发的码，换码后重新绑定音箱。",
		shortEN: "Wipe the code clean; if it still fails, request a new stand in the merchant app or print your code there. Use only codes from the app and rebind your speaker after a new code.",
		answer:  "Wipe the code clean and try again. If it still cannot be scanned, request a replacement stand in the merchant app or print your merchant code from it as a stop-gap. Use only codes issued in the app, and rebind your speaker after changing the code.",
		kw:      []string{"码牌褪色", "码牌", "扫不出", "补发码牌", "faded qr"}},
	{slug: "water", zh: "进水了", en: "got wet", needs: capPower,
		asks:    []string{"进水了", "饮料洒到机器上了", "被雨淋了", "掉水里捞出来了", "进水以后按键乱跳"},
		enAsks:  []string{"got wet", "I spilled a drink on it"},
		causes:  []string{"液体进入按键、读卡口或充电口，可能短路。"},
		steps:   []string{"马上关机，拔掉充电器，能拆电池的取下电池。", "擦干表面，竖放在通风处晾至少24小时，不要用吹风机热风吹。", "不要急着开机试。", "晾干后仍异常，记下SN报修；进水一般不在保修范围内。"},
		short:   "马上关机、拔充电器、取下电池，擦干后竖放通风处晾24小时，别用热风吹、别急着开机。仍异常找服务商报修，进水一般不保修。",
		shortEN: "Switch it off at once, unplug it and remove the battery, wipe it and let it dry upright for 24 hours; no hair dryer. Still faulty: repair, usually not under warranty.",
		answer:  "Switch it off at once, unplug it and remove the battery if you can. Wipe it dry and leave it upright in an airy place for at least 24 hours; do not use a hot hair dryer or switch it on to test. If it is still faulty, ask for a repair; liquid damage is usually not covered by warranty.",
		kw:      []string{"进水", "泡水", "淋雨", "洒了", "water damage", "wet"}},
	{slug: "dropped", zh: "摔了以后不正常", en: "misbehaves after a fall", needs: capPower,
		asks:    []string{"摔了一下就不正常了", "掉地上以后屏幕裂了", "摔了以后刷不了卡", "从柜台上掉下来了"},
		enAsks:  []string{"fell on the floor and now misbehaves", "dropped it and the screen cracked"},
		causes:  []string{"撞击导致内部元件松动或屏幕碎裂。", "安全装置被触发，锁机。"},
		steps:   []string{"先看外观：有碎裂、鼓包的不要再用。", "重启后签到，做一笔小额交易试试。", "提示被攻击或锁机的，只能报修。", "记下SN联系{service}，摔坏属人为损坏，维修可能收费。"},
		short:   "外壳碎裂或鼓包就别再用；否则重启、签到、小额试刷。提示锁机的只能报修。摔坏属人为损坏，维修可能收费。",
		shortEN: "Stop using it if it is cracked or swollen; otherwise restart, sign on and try a small sale. A lock message needs a repair, which may be charged for drop damage.",
		answer:  "If the case is cracked or the battery swollen, stop using it. Otherwise restart, sign on and try a small sale. A tamper or lock message can only be cleared by a repair; drop damage is not covered by warranty, so the repair may be charged.",
		kw:      []string{"摔了", "掉地上", "摔坏", "屏幕裂", "dropped", "fell"}},
	{slug: "camera-fail", zh: "摄像头打不开", en: "camera does not work", needs: capCamera,
		asks:    []string{"刷脸时摄像头打不开", "扫码摄像头黑屏", "提示相机被占用", "摄像头画面很模糊"},
		enAsks:  []string{"camera will not open", "camera view is blurry"},
		causes:  []string{"镜头脏了。", "别的App占用了摄像头。", "摄像头模块故障。"},
		steps:   []string{"用干净软布擦镜头。", "关掉其他App后重试。", "{power}重启。", "仍打不开，记下SN报修。"},
		short:   "擦干净镜头，关掉其他App再试，然后重启。摄像头仍打不开，记下SN找服务商报修。",
		shortEN: "Clean the lens, close other apps and restart. Camera still not working: note the SN and ask your provider for a repair.",
		answer:  "Clean the lens with a soft cloth, close other apps and restart the device. If the camera still does not open, ask your service provider for a repair.",
		kw:      []string{"摄像头", "相机", "镜头", "camera"}},
	{slug: "usb-fail", zh: "插电脑没反应", en: "does nothing when plugged into the computer", needs: capUSB,
		asks:    []string{"插电脑没反应", "收银软件识别不到扫码枪", "扫出来是乱码", "扫了码金额框里没有字"},
		enAsks:  []string{"computer does not detect the scanner", "scans come out as garbage characters"},
		causes:  []string{"USB口接触不良或供电不足。", "扫码枪的模式不对（键盘模式/串口模式）。", "输入法是中文状态，扫出来变乱码。"},
		steps:   []string{"换电脑后面的USB口插。", "把输入法切到英文状态再扫。", "按说明书扫“恢复默认”“USB键盘模式”设置码。", "仍不行，记下SN报修。"},
		short:   "换个USB口插，输入法切到英文再扫；按说明书扫“USB键盘模式”设置码。仍不行找服务商报修。",
		shortEN: "Try another USB port, switch the keyboard input to English and scan the USB-keyboard-mode setup code from the manual. Still nothing: ask for a repair.",
		answer:  "Try another USB port, switch your input method to English before scanning, and scan the 'USB keyboard mode' setup code from the manual. If the computer still does not react, ask your service provider for a repair.",
		kw:      []string{"扫码枪", "USB", "识别不到", "乱码", "barcode scanner", "usb"}},
}

var faultSubjects = []string{"{m}", "{v}{m}", "我的{p}", "{v}的{pa}", "店里那台{m}", "{m}{pa}", "新领的{m}", "用了两年的{m}", "{v} {m}", "{m}这台机器"}
var faultTails = []string{"", "怎么办", "咋整", "咋回事", "怎么处理", "还能修吗", "急", "在线等", "是不是坏了", "要寄回去吗", "有没有人知道", "谁懂"}
var faultENSubjects = []string{"my {V} {m}", "the {m}", "{V} {m} {P}", "our {P} ({m})", "{m} terminal"}
var faultENTails = []string{"", ", what should I do", ", how to fix it", " - is it broken?", ", help", " today"}

func (g *gen) modelVars(m *model) vars {
	return vars{
		"v": m.v.zh, "V": m.v.en, "m": m.name, "p": m.p.zh, "P": m.p.en,
		"pa": pick(g.r, m.p.aliases), "power": m.p.power, "sn": m.p.sn,
		"battery": fmt.Sprint(m.v.battery), "warranty": fmt.Sprint(m.v.warranty),
	}
}

// faultArticle is one fault of one terminal model.
func faultArticle(g *gen) *draft {
	m := pick(g.r, g.models)
	var fits []*symptom
	for i := range symptoms {
		if s := &symptoms[i]; m.p.caps&s.needs == s.needs {
			fits = append(fits, s)
		}
	}
	if len(fits) == 0 {
		return nil
	}
	s := pick(g.r, fits)
	a := pick(g.r, g.acquirers)
	v := g.modelVars(m)
	v.merge(g.acqVars(a))
	title := v.fill(pick(g.r, []string{"{v}{m}{p}" + s.zh + "怎么办", "{v}{m}" + s.zh + "：原因和处理", "{m}（{v}{p}）" + s.zh, "{p}{m}" + s.zh + "的排查步骤"}))
	var b strings.Builder
	para(&b, "适用机型", v.fill(fmt.Sprintf("%s %s（%s，%d年起发放）。%s", m.v.zh, m.name, strings.Join(m.p.aliases[:2], "、"), m.year,
		pick(g.r, []string{"其他同系列机型操作类似。", "外观相同的旧款按同样方法处理。", "不同程序版本菜单名称可能略有差别。", "以机身背面铭牌上的型号为准。"}))))
	section(&b, "可能原因", v.all(sample(g.r, s.causes, 2+g.r.IntN(3))), false)
	section(&b, "现在就做", v.all(s.steps), true)
	g.cases(&b, v.all(prefixed("{m}", s.asks)), outcomesDevice, true)
	section(&b, "需要准备", v.all(subset(g.r, []string{"机身SN（在{sn}）", "商户号和终端号", "故障现象的照片或小视频", "出现问题的时间，以及屏幕提示或应答码", "购机或领机的时间"}, 2, 4)), false)
	para(&b, "保修和报修", v.fill(pick(g.r, []string{
		"{v}{m}整机保修{warranty}个月，电池保修{battery}个月。进水、摔坏、私自拆机不在保修范围内。报修请找你的{service}，不要找网上的维修电话。",
		"保修期内（整机{warranty}个月）非人为损坏免费维修或更换；过保维修按{service}的报价收费，先问清再寄。",
		"寄修前先把当天的交易结算掉，寄修期间可以用扫码收款。维修一般5到10个工作日。整机保修{warranty}个月。",
	})))
	return &draft{
		v:        v,
		combo:    "fault/" + m.v.slug + "/" + m.slug + "/" + s.slug,
		id:       "device-" + m.v.slug + "-" + m.slug + "-" + s.slug,
		title:    title,
		topic:    kb.TopicDevice,
		keywords: append(append([]string{m.name, m.v.zh + m.name, m.v.zh, m.p.zh, m.p.aliases[0], strings.ToLower(m.v.en) + " " + strings.ToLower(m.name)}, s.kw...), s.en),
		zh:       []qset{cross(faultSubjects, s.asks, faultTails)},
		trad:     []qset{cross([]string{"{m}", "我部{pa}", "{v}{m}"}, s.asks, []string{"", "點算", "點搞", "怎麼辦"})},
		en:       []qset{cross(faultENSubjects, s.enAsks, faultENTails)},
		short:    v.fill(s.short),
		shortEN:  v.fill(s.shortEN),
		answer:   v.fill(s.answer) + "\n" + v.fill(pick(g.r, []string{"This applies to the {V} {m} ({P}); warranty {warranty} months, battery {battery} months.", "The {V} {m} {P} is covered for {warranty} months; drops and liquid damage are not.", "For the {V} {m}, restart means: see the steps in Chinese above, or ask posbot for a person."})),
		body:     b.String(),
	}
}

// operation is something a merchant does on a terminal, step by step.
type operation struct {
	slug, zh, en string
	topic        kb.Topic
	needs        int
	asks, enAsks []string
	steps        []string
	short        string
	shortEN      string
	answer       string
	kw           []string
}

// menus are the ways vendors lay out the management menu.
var menus = []string{"管理 → 系统设置", "菜单键 → 9 其他功能", "更多 → 设置", "桌面的“设置”应用"}

var operations = []operation{
	{slug: "sign-on", zh: "怎么签到", en: "sign on", topic: kb.TopicDevice, needs: capCard,
		asks: []string{"怎么签到", "签到在哪里", "每天都要签到吗", "开机要签到怎么弄", "操作员签到步骤"}, enAsks: []string{"how do I sign on", "where is sign on in the menu"},
		steps:   []string{"开机后在主界面选“签到”（部分机型在{menu}里）。", "输入操作员号（默认01）和密码。", "等屏幕提示“签到成功”。", "签到失败先看网络，再联系{service}。"},
		short:   "开机后在主界面选“签到”，输入操作员号（默认01）和密码，看到“签到成功”即可。失败先查网络再找服务商。",
		shortEN: "Choose Sign on on the main screen, enter the operator number (usually 01) and password, and wait for 'sign-on successful'. If it fails, check the network.",
		answer:  "Choose Sign on from the main screen (or the management menu), enter the operator number (usually 01) and password, and wait for the success message. If it fails, check the network first, then contact your service provider.",
		kw:      []string{"签到", "操作员签到", "sign on"}},
	{slug: "lookup", zh: "怎么查交易记录", en: "look up transactions", topic: kb.TopicGeneral, needs: capScreen,
		asks: []string{"怎么查交易记录", "在哪看今天刷了多少", "查上一笔交易", "想看昨天的流水", "交易明细怎么查"}, enAsks: []string{"how do I see today's transactions", "where is the transaction history"},
		steps:   []string{"主界面选“查询”或“交易查询”。", "选“查询上一笔”或按凭证号查询某一笔。", "看当天汇总选“交易汇总”；更早的记录在{app}里按日期查。", "结算后终端上只保留本批次，历史以{app}为准。"},
		short:   "主界面选“查询”，可以查上一笔或按凭证号查；当天汇总选“交易汇总”。更早的流水在{app}里按日期查。",
		shortEN: "Choose Query on the main screen to see the last sale or one by its trace number, or the day's summary. Older history is in the merchant app by date.",
		answer:  "Choose Query on the main screen to see the last transaction or one by its trace number, or the summary for the current batch. Older transactions are in the merchant app, searchable by date.",
		kw:      []string{"查询", "交易记录", "流水", "交易明细", "transaction history"}},
	{slug: "reprint", zh: "怎么重打印小票", en: "reprint a slip", topic: kb.TopicDevice, needs: capPrint,
		asks: []string{"小票没打出来怎么补打", "怎么重打上一笔", "签购单丢了能补打吗", "想重新打印某一笔", "补打小票在哪"}, enAsks: []string{"how do I reprint the last receipt", "can I print a lost slip again"},
		steps:   []string{"主界面选“打印”或在{menu}里找“重打印”。", "选“重打上一笔”，或输入凭证号重打任意一笔。", "重打的小票会标“重打印”字样，同样有效。", "结算后前一批次的单据不能在终端重打，在{app}里查电子签购单。"},
		short:   "在“打印”菜单选“重打上一笔”，或输凭证号重打某一笔，重打的单据同样有效。已结算批次的单据去{app}查电子签购单。",
		shortEN: "In the Print menu choose Reprint last, or enter the trace number to reprint any sale of the batch. For settled batches use the e-slip in the merchant app.",
		answer:  "In the Print menu choose Reprint last, or enter a trace number to reprint any sale of the current batch; reprints are marked as such and equally valid. Slips of batches already settled are available as e-slips in the merchant app.",
		kw:      []string{"重打印", "补打", "重打", "小票", "签购单", "reprint"}},
	{slug: "wifi-setup", zh: "怎么设置WiFi", en: "set up WiFi", topic: kb.TopicDevice, needs: capNet | capScreen,
		asks: []string{"怎么连WiFi", "WiFi在哪里设置", "换了路由器怎么重新连", "想从流量改成WiFi", "WiFi密码改了机器怎么改"}, enAsks: []string{"how do I connect it to WiFi", "where are the WiFi settings"},
		steps:   []string{"进入{menu} → 网络设置 → WiFi。", "选择店里的WiFi（2.4G频段），输入密码。", "连接成功后回到主界面签到一次。", "WiFi不稳定时可在同一菜单里切回4G。"},
		short:   "进入{menu}→网络设置→WiFi，选2.4G的店铺WiFi输入密码，连上后签到一次。WiFi不稳时可以切回4G。",
		shortEN: "Open the settings menu, Network, WiFi; choose your shop's 2.4 GHz network, enter the password and sign on once connected.",
		answer:  "Open the settings menu, then Network and WiFi; choose your shop's 2.4 GHz network, enter the password, and sign on once connected. You can switch back to 4G in the same menu.",
		kw:      []string{"WiFi设置", "连WiFi", "网络设置", "wifi setup"}},
	{slug: "paper-roll", zh: "怎么换打印纸", en: "change the paper roll", topic: kb.TopicDevice, needs: capPrint,
		asks: []string{"打印纸怎么装", "没纸了怎么换", "纸卷怎么放", "用多大的打印纸", "打印纸去哪买"}, enAsks: []string{"how do I change the paper roll", "what size paper does it use"},
		steps:   []string{"按开仓键或掀开纸仓盖。", "放入57毫米宽的热敏纸卷，光面朝打印头。", "纸头拉出一截，压紧盖子。", "打印测试页确认。纸卷可以找{service}领，也可以自己买同尺寸热敏纸。"},
		short:   "掀开纸仓盖，放57毫米宽热敏纸卷，光面朝打印头，纸头拉出一截压紧盖子，打张测试页。",
		shortEN: "Open the paper cover, fit a 57 mm thermal roll shiny side to the print head, pull out some paper, close firmly and print a test page.",
		answer:  "Open the paper cover, fit a 57 mm thermal roll with the shiny side towards the print head, pull out a little paper and close the cover firmly, then print a test page. Rolls come from your service provider or any shop selling the same size.",
		kw:      []string{"打印纸", "纸卷", "换纸", "装纸", "paper roll"}},
	{slug: "operator-password", zh: "怎么改操作员密码", en: "change the operator password", topic: kb.TopicDevice, needs: capKeys | capScreen,
		asks: []string{"操作员密码怎么改", "主管密码忘了", "默认密码是多少", "员工离职了要改密码", "密码输错被锁了"}, enAsks: []string{"how do I change the operator password", "forgot the supervisor password"},
		steps:   []string{"进入{menu} → 操作员管理。", "输入主管密码后选择要修改的操作员。", "输入新密码两次确认。", "主管密码忘了不能自己重置，联系{service}核实身份后远程重置。"},
		short:   "在{menu}→操作员管理里，用主管密码进入后修改。主管密码忘了不能自己重置，找服务商核实身份后远程重置。",
		shortEN: "Open Operator management in the settings menu with the supervisor password and change it there. A forgotten supervisor password is reset remotely by your provider.",
		answer:  "Open Operator management in the settings menu, enter the supervisor password and change the operator's password. A forgotten supervisor password cannot be reset on the terminal: your service provider resets it remotely after checking your identity.",
		kw:      []string{"操作员密码", "主管密码", "管理员密码", "默认密码", "operator password"}},
	{slug: "find-sn", zh: "SN序列号在哪看", en: "find the serial number", topic: kb.TopicDevice, needs: capPower,
		asks: []string{"SN在哪里看", "序列号在哪", "机身号怎么找", "客服让我报SN 在哪", "标签磨掉了怎么看SN"}, enAsks: []string{"where is the serial number", "support asks for the SN, where do I find it"},
		steps:   []string{"看{sn}。", "标签看不清的，在{menu} → 关于本机里查。", "也可以在{app}的设备管理里看到绑定设备的SN。", "报修、绑定、激活都会用到SN，拍照留底。"},
		short:   "SN在{sn}；看不清就在{menu}→关于本机里查，或在{app}设备管理里看。拍照留底，报修绑定都要用。",
		shortEN: "The SN is on the label of the device; if unreadable, look under About in the settings menu or in the merchant app's device list.",
		answer:  "The serial number (SN) is printed on the device's label; if it is unreadable, look under About in the settings menu or in the device list of the merchant app. Keep a photo of it: repairs, binding and activation all need it.",
		kw:      []string{"SN", "序列号", "机身号", "设备编号", "serial number"}},
	{slug: "volume", zh: "怎么调音量", en: "change the volume", topic: kb.TopicDevice, needs: capSound,
		asks: []string{"音量怎么调大", "声音太吵了怎么调小", "怎么关掉播报", "播报音量在哪调", "晚上能不能静音"}, enAsks: []string{"how do I turn the volume up", "can I mute the announcements at night"},
		steps:   []string{"按机身的音量加、减键，每按一下有提示音。", "也可以在{app}的设备管理里调节播报音量。", "静音后收款不会播报，记得白天调回来。", "钱到没到以{app}订单为准。"},
		short:   "按机身音量加减键，或在{app}设备管理里调播报音量。静音后不会播报，记得调回来；钱到没到以App订单为准。",
		shortEN: "Use the volume keys on the device or the device settings in the merchant app. Muted means no announcements; always check payments in the app.",
		answer:  "Use the volume keys on the device, or the speaker settings in the merchant app. While muted it announces nothing, so turn it back up; payments are confirmed in the app either way.",
		kw:      []string{"音量", "调大声音", "静音", "播报音量", "volume"}},
	{slug: "bind-code", zh: "怎么绑定收款码", en: "bind a payment code", topic: kb.TopicDevice, needs: capSound,
		asks: []string{"怎么绑定收款码", "换了码牌怎么重新绑", "解绑旧码", "一个码能绑两台吗", "绑定提示已被绑定"}, enAsks: []string{"how do I bind my QR code to it", "it says already bound to another merchant"},
		steps:   []string{"在{app}的设备管理里选“添加设备”，扫机身SN。", "选择要绑定的收款码或码牌，确认。", "用一分钱扫码试一笔，听是否播报。", "提示已被绑定的，先在原账户解绑，或联系{service}处理。"},
		short:   "在{app}设备管理里“添加设备”扫SN，选收款码确认，再扫一分钱试播报。提示已被绑定就先在原账户解绑或找服务商。",
		shortEN: "In the merchant app add the device by scanning its SN, choose the code to bind, then test with a tiny payment. 'Already bound': unbind it from the old account first.",
		answer:  "In the merchant app choose Add device, scan its serial number and choose the payment code to bind, then test with a tiny payment. If it says it is already bound, unbind it from the old account first or ask your service provider.",
		kw:      []string{"绑定", "解绑", "收款码", "码牌", "bind", "unbind"}},
	{slug: "settle-key", zh: "怎么做结算", en: "run the batch settlement", topic: kb.TopicMissingCredit, needs: capCard | capScreen,
		asks: []string{"结算键在哪", "每天下班要按结算吗", "怎么打结算单", "结算失败怎么办", "结算是不是就到账了"}, enAsks: []string{"how do I run settlement on it", "where is the settle key"},
		steps:   []string{"主界面选“结算”（部分机型在{menu}里）。", "确认后终端打印结算单，核对笔数和金额。", "结算只是对账，不是打款；钱按结算周期到卡。", "多数机型在日切（{cut}前后）自动结算，忘了按也不会丢钱。"},
		short:   "主界面选“结算”，打印结算单后核对笔数金额。结算只是对账，不是打款；多数机型日切时自动结算，忘了按不会丢钱。",
		shortEN: "Choose Settle on the main screen and check the printed summary. Settlement only reconciles; payout follows your cycle. Most models settle automatically at the day cut.",
		answer:  "Choose Settle on the main screen and check the count and total on the printed summary. It only reconciles the batch with the host; payout follows your settlement cycle. Most models settle automatically at the day cut ({cut} with {A}), so forgetting it loses nothing.",
		kw:      []string{"结算键", "结算单", "批结算", "settle", "batch"}},
	{slug: "void", zh: "怎么撤销一笔交易", en: "void a sale", topic: kb.TopicDeclined, needs: capCard | capScreen,
		asks: []string{"刷错了怎么撤销", "当天的交易怎么取消", "撤销要顾客的卡吗", "撤销提示主管密码", "撤销和退货有啥区别"}, enAsks: []string{"how do I void a sale", "customer paid the wrong amount, how to cancel"},
		steps:   []string{"主界面选“撤销”，输入主管密码。", "输入原交易凭证号，核对金额。", "按提示刷原卡，有的卡要输密码。", "只能撤销当天未结算的交易；隔天或已结算的改做“退货”。"},
		short:   "当天未结算的交易在主界面选“撤销”，输主管密码和原凭证号，刷原卡确认。隔天或已结算的只能做“退货”。",
		shortEN: "Same-day, unsettled sales: choose Void, enter the supervisor password and the original trace number and use the original card. Older ones need a refund instead.",
		answer:  "Same-day sales not yet settled can be voided: choose Void, enter the supervisor password and the original trace number, check the amount and use the original card. After settlement or on a later day, do a refund instead.",
		kw:      []string{"撤销", "取消交易", "刷错了", "void"}},
	{slug: "refund", zh: "怎么给顾客退货退款", en: "refund a customer", topic: kb.TopicDeclined, needs: capCard | capScreen,
		asks: []string{"怎么给顾客退款", "隔天的交易怎么退", "退货要多久到顾客卡上", "只退一部分钱怎么做", "退货提示余额不足"}, enAsks: []string{"how do I refund a customer", "can I refund part of a sale"},
		steps:   []string{"主界面选“退货”，输入主管密码。", "输入原交易参考号和日期，再输入退款金额（可以部分退）。", "刷原卡确认。", "退款一般1到7个工作日退回顾客卡；{refund}天以上的交易可能要在{app}里申请。", "提示余额不足，是你的待结算款不够退，联系{service}。"},
		short:   "主界面选“退货”，输主管密码、原参考号和日期、退款金额（可部分退），刷原卡确认。钱1到7个工作日回到顾客卡。",
		shortEN: "Choose Refund, enter the supervisor password, the original reference number and date and the amount (partial is fine), then use the original card. It reaches the card in 1-7 working days.",
		answer:  "Choose Refund, enter the supervisor password, the original reference number and date and the amount to refund (a part is fine), then use the original card. The money reaches the customer's card within 1 to 7 working days; sales older than {refund} days may need a request in the merchant app.",
		kw:      []string{"退货", "退款", "部分退款", "refund"}},
	{slug: "factory-reset", zh: "能不能恢复出厂设置", en: "factory reset", topic: kb.TopicDevice, needs: capScreen | capApp,
		asks: []string{"能不能恢复出厂设置", "恢复出厂后还能用吗", "想把机器重置", "卖二手要不要清数据"}, enAsks: []string{"can I factory reset it", "will a reset erase my merchant settings"},
		steps:   []string{"不建议自己恢复出厂设置：会清除终端参数和密钥，恢复后要重新下载才能交易。", "遇到卡顿、闪退，先重启、更新App。", "确实要重置的，先联系{service}，由他们远程操作。", "终端属于收单机构登记的受理设备，不要转卖，不用了走退机流程。"},
		short:   "别自己恢复出厂设置，会清除参数和密钥，之后要重新下载才能交易。卡顿先重启、更新App；确要重置找服务商远程操作。",
		shortEN: "Do not factory reset it yourself: it erases the terminal's parameters and keys. For slowness or crashes, restart and update first; if a reset is needed, your provider does it.",
		answer:  "Do not factory reset the terminal yourself: it erases its parameters and keys, and it cannot take payments until they are reloaded. Restart and update the app first; if a reset is really needed, your service provider does it remotely. Terminals are registered to your merchant account: do not sell them on, return them instead.",
		kw:      []string{"恢复出厂", "重置", "清数据", "factory reset"}},
}

var opSubjects = []string{"{m}", "{v}{m}", "{pa}", "{m}上", "{v}的机器", "我这台{m}"}
var opTails = []string{"", "？", "啊", "呢", "步骤是啥", "在哪个菜单", "麻烦教一下"}
var opENSubjects = []string{"on the {V} {m}", "on my {m}", "{P} {m}"}

// howToArticle is one operation on one terminal model.
func howToArticle(g *gen) *draft {
	m := pick(g.r, g.models)
	var fits []*operation
	for i := range operations {
		if o := &operations[i]; m.p.caps&o.needs == o.needs {
			fits = append(fits, o)
		}
	}
	if len(fits) == 0 {
		return nil
	}
	o := pick(g.r, fits)
	a := pick(g.r, g.acquirers)
	v := g.modelVars(m)
	v.merge(g.acqVars(a))
	v["menu"] = menus[m.v.menu]
	if m.p.caps&capTouch != 0 {
		v["menu"] = menus[3]
	}
	var b strings.Builder
	para(&b, "", v.fill(fmt.Sprintf("以下是%s %s（%s）的操作方法，%s", m.v.zh, m.name, m.p.zh,
		pick(g.r, []string{"其他机型菜单位置可能不同。", "程序版本不同，菜单名称可能略有差别。", "按键机型用数字键选菜单，触屏机型直接点选。"}))))
	section(&b, "操作步骤", v.all(o.steps), true)
	g.cases(&b, v.all(prefixed("{m}", o.asks)), outcomesHowTo, false)
	section(&b, "注意", v.all(subset(g.r, []string{"不要把主管密码告诉店员以外的人，任何人问密码都不要给。", "操作中途不要关机或拔电。", "操作完成后做一笔小额交易确认一切正常。", "拿不准时，posbot 可以帮你转人工。", "步骤和屏幕提示不一致时，以屏幕提示为准，并告诉{service}。"}, 1, 3)), false)
	enSteps := cross(opENSubjects, []string{"how do I " + o.en, "how to " + o.en, "where do I " + o.en, "can I " + o.en}, []string{"", "?", " please"})
	return &draft{
		v:        v,
		combo:    "howto/" + m.v.slug + "/" + m.slug + "/" + o.slug,
		id:       string(o.topic) + "-" + m.v.slug + "-" + m.slug + "-" + o.slug,
		title:    v.fill("{v}{m}" + o.zh),
		topic:    o.topic,
		keywords: append([]string{m.name, m.v.zh + m.name, m.v.zh, m.p.zh, strings.ToLower(m.name)}, o.kw...),
		zh:       []qset{cross(opSubjects, o.asks, opTails)},
		trad:     []qset{cross([]string{"{m}", "{v}{m}"}, o.asks, []string{"", "點整", "點做"})},
		en:       []qset{enSteps},
		short:    v.fill(o.short),
		shortEN:  v.fill(o.shortEN),
		answer:   v.fill(o.answer) + "\n" + v.fill("On the {V} {m} the menu is: "+pick(g.r, []string{"Management, then System settings.", "Menu key, then 9 Other functions.", "More, then Settings.", "the Settings app on the home screen."})),
		body:     b.String(),
	}
}

// prefixed puts prefix before each of list.
func prefixed(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}

func (v vars) merge(w vars) {
	for k, x := range w {
		if _, ok := v[k]; !ok {
			v[k] = x
		}
	}
}
