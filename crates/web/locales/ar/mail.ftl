## E-mail (mizan_service::mail): subject lines and paragraphs, in the recipient's language.

mail-greeting = السلام عليكم،
mail-signature = — ميزان، منصة التجميع للاتحاد. تُرسل هذه الرسالة آليًا؛ لأي استفسار، يُرجى الرد على الأمانة.
mail-link = على المنصة: { $link }
mail-reminder-subject = { $when ->
    [before] تذكير: التصريح عن { $period } مطلوب في أجل أقصاه { $deadline }
    [after] تأخير: التصريح عن { $period } مطلوب منذ { $deadline }
   *[now] تذكير: التصريح عن { $period } (الأجل { $deadline })
}
mail-reminder-body = { $when ->
    [before] لم يصل بعدُ تصريح { $name } ({ $institution }) عن { $period }. الأجل هو { $deadline }، بعد { $days } يوم/أيام.
    [after] لم يصل تصريح { $name } ({ $institution }) عن { $period }: كان الأجل { $deadline }، منذ { $days } يوم/أيام.
   *[now] لم يصل بعدُ تصريح { $name } ({ $institution }) عن { $period }. الأجل هو { $deadline }.
}
mail-reminder-how = أودِعه من فضائك (ملف Excel للنموذج، أو CSV)؛ يُشار إلى كل خطأ خلية بخلية.
mail-accepted-subject = قُبل التصريح عن { $period } ({ $institution }، النسخة { $version })
mail-accepted-body = قبلت الأمانة النسخة { $version } من تصريحكم عن { $period }. أصبح بإمكانكم الآن الاطلاع على تفاصيل نظرائكم لهذه الفترة.
mail-rejected-subject = رُفض التصريح عن { $period } ({ $institution }، النسخة { $version })
mail-rejected-body = رفضت الأمانة النسخة { $version } من تصريحكم عن { $period }. يُرجى تصحيحه وإيداع نسخة جديدة.
mail-rejected-comment = تعليق الأمانة: «{ $comment }»
mail-arrived-subject = وصل تصريح: { $institution }، { $period } (النسخة { $version })
mail-arrived-body = أودع { $by } النسخة { $version } من تصريح { $institution } عن { $period }، مع { $warnings } تنبيه/تنبيهات. وهو في انتظار فحصكم.
