package assistant

// Texts every channel shows around answers, in the merchant's language.
// They live in the core so that a new channel says the same things.

// Welcome greets a merchant who starts a conversation.
func Welcome(lang string) string {
	if lang == LangEN {
		return "Hello, I am posbot, the support assistant for your POS terminal and QR payments.\n" +
			"Describe the problem in a sentence — a suspended terminal, a blocked or declined payment (with the response code), money not credited, fees, a device fault — and I answer at once.\n" +
			"Send /human any time to talk to a person. Never send a full card number, PIN, CVV or SMS code."
	}
	return "你好，我是 posbot，POS 机和扫码收款的客服助手。\n" +
		"直接用一句话描述问题即可：终端暂停或冻结、交易被拦截或失败（附上应答码）、款项未到账、费率、设备故障等，我会马上回答。\n" +
		"随时发送 /human 转人工。请不要发送完整卡号、密码、CVV 或短信验证码。"
}

// Help lists what posbot can do and the commands.
func Help(lang string) string {
	if lang == LangEN {
		return "What I can help with:\n" +
			"• terminal suspended or frozen\n• transactions blocked or limited\n• QR or card payments not credited\n" +
			"• declined cards and response codes (e.g. \"error 51\")\n• fees\n• printer, card reader, network and power faults\n• applying for or changing a terminal\n\n" +
			"Commands: /start, /help, /human (talk to a person), /me (what is kept about you), /forget (delete it)."
	}
	return "我可以帮你解答：\n" +
		"• 终端暂停、停用、冻结\n• 交易被拦截、限额\n• 扫码或刷卡款项未到账\n• 刷卡失败和应答码（例如“刷卡提示51”）\n• 费率\n• 打印、读卡、网络、电源等设备故障\n• 办理、变更、注销\n\n" +
		"命令：/start 开始，/help 帮助，/human 转人工，/me 查看为你保存的信息，/forget 删除。"
}

// ButtonMore opens a short answer into the full steps.
func ButtonMore(lang string) string {
	if lang == LangEN {
		return "📖 Full steps"
	}
	return "📖 详细步骤"
}

// Button labels under an answer.
func ButtonSolved(lang string) string {
	if lang == LangEN {
		return "👍 Solved"
	}
	return "👍 解决了"
}

// ButtonNotSolved asks for a person after an answer that did not help.
func ButtonNotSolved(lang string) string {
	if lang == LangEN {
		return "👎 Not solved, talk to a person"
	}
	return "👎 没解决，转人工"
}

// ButtonPerson asks for a person when posbot has no answer.
func ButtonPerson(lang string) string {
	if lang == LangEN {
		return "🙋 Talk to a person"
	}
	return "🙋 转人工"
}

// ThanksForFeedback answers a merchant who marked an answer helpful.
func ThanksForFeedback(lang string) string {
	if lang == LangEN {
		return "Thanks for letting us know!"
	}
	return "感谢反馈！"
}

// HandoffRecorded tells a merchant their request for a person is recorded.
func HandoffRecorded(lang string) string { return msg(lang, msgHandoff) }

// TextOnly answers a sticker, voice note or other message without text.
func TextOnly(lang string) string {
	if lang == LangEN {
		return "I can't read pictures yet. Please describe the problem in words (a photo with a caption works too), or send /human to ask for a person, who can see it."
	}
	return "我暂时还看不懂图片。请用文字描述遇到的问题（图片请附上文字说明），或者发送 /human 转人工，客服可以看到图片。"
}

// ButtonExpired answers a press on a button posbot no longer knows.
func ButtonExpired(lang string) string {
	if lang == LangEN {
		return "This button is no longer active."
	}
	return "这个按钮已失效。"
}

// LangOf maps a channel's language hint (such as Telegram's language_code)
// to the language posbot replies in when the text does not decide.
func LangOf(hint string) string { return detectLang("", hint) }

// PaymentWarning asks a merchant who typed a card number, PIN, CVV or SMS
// code not to; what they typed was masked before anything kept it.
func PaymentWarning(lang string) string {
	if lang == LangEN {
		return "⚠️ Please never send full card numbers, PINs, CVVs or SMS codes, not even to us; I have hidden them."
	}
	return "⚠️ 请不要发送完整卡号、密码、CVV 或短信验证码，对我们也不要；我已自动隐藏。"
}
