## Command line (mizan): the commands' own lines, in the operator's language.
## Codes, file names and figures are placeables, written by the command line.

cli-database-ready = قاعدة البيانات جاهزة ({ $backend }، { $url })
cli-template-written = كُتب نموذج { $framework } عن { $period } في { $file }

## mizan import institutions | returns
cli-registry-refused = { $file }: مرفوض، لم يُحفظ أي شيء:
cli-registry-imported = { $file }: عدد أسطر السجل: { $lines } — جديدة: { $created }، معدّلة: { $changed }، دون تغيير: { $unchanged }
cli-returns-file = { $file } ({ $format }):
cli-return-stored = { $institution } { $period }: حُفظ في النسخة { $version } (عدد التنبيهات: { $warnings })
cli-return-refused = { $institution } { $period }: مرفوض، لم يُحفظ أي شيء ({ $place }):
cli-return-already-imported = { $institution } { $period }: سبق استيراد هذا الملف في النسخة { $version } بتاريخ { $date }؛ لا نسخة جديدة
cli-return-unchanged = { $institution } { $period }: القيم نفسها الواردة في النسخة { $version }؛ لا نسخة جديدة
cli-returns-summary = عدد التقارير: { $submissions } — محفوظة: { $stored }، مرفوضة: { $refused }، دون تغيير: { $unchanged }

## mizan returns list | accept | reject
cli-collection-head = { $period } — { $framework }: { $received } واردة / { $expected } متوقعة؛ الأجل { $deadline } ({ $rule }){ $passed ->
    [yes] { "، انقضى" }
   *[no] {""}
}
cli-deadline-working-days = عدد أيام العمل بعد نهاية الفترة: { $days }
cli-deadline-days = عدد الأيام بعد نهاية الفترة: { $days }
cli-collection-group = { $group } ({ $code }): { $received } واردة / { $expected } متوقعة
cli-collection-received = ورد في { $date }{ $late ->
    [yes] { $working ->
        [yes] { "، بتأخير أيام عمل عددها " }{ $days }
       *[no] { "، بتأخير أيام عددها " }{ $days }
    }
   *[no] {""}
}؛ عدد النسخ: { $versions }، المعتمدة v{ $version } ({ $status })، عدد التنبيهات: { $warnings }
cli-collection-monthly = { " " }(مصرح شهري: تصريحه عن { $month })
cli-collection-rejected = جميع النسخ مرفوضة{ $late ->
    [yes] { $working ->
        [yes] { "، بتأخير أيام عمل عددها " }{ $days }
       *[no] { "، بتأخير أيام عددها " }{ $days }
    }
   *[no] {""}
}
cli-collection-missing = لم يرد{ $late ->
    [yes] { $working ->
        [yes] { "، بتأخير أيام عمل عددها " }{ $days }
       *[no] { "، بتأخير أيام عددها " }{ $days }
    }
   *[no] {""}
}
cli-accept-none = { $framework } { $period }: لا يوجد تقرير في انتظار الفحص
cli-decided = { $institution } { $period } v{ $version } ({ $file }): { $status }
cli-decided-comment = { $institution } { $period } v{ $version } ({ $file }): { $status } — { $comment }
cli-not-expected = { $institution } ليست منتظرة في { $framework } { $period }
cli-not-awaiting = ليس لدى { $institution } أي تقرير في انتظار الفحص عن { $period }
cli-no-return = ليس لدى { $institution } أي تقرير عن { $framework } { $period }

## mizan export, publish, publications, quality
cli-table-written = كُتب { $period } ({ $method }) في { $file }
cli-indicators-written = كُتبت مؤشرات المؤسسات (العدد: { $count }) في { $file }
cli-publish-coverage = { $group }: { $accepted } مقبولة / { $expected } متوقعة{ $below ->
    [yes] { " (دون الحد الأدنى)" }
   *[no] {""}
}
cli-publish-awaiting = في انتظار الفحص: { $institution } v{ $version } ({ $file })
cli-published = نُشر { $framework } { $period }{ $confirmed ->
    [yes] { " بعد التأكيد" }
   *[no] {""}
}: المراجعة { $revision } (عدد الخانات المحجوبة بمراقبة الإفصاح: { $withheld })، وسم الكيان { $etag }
cli-published-group = { $group }: { $received } واردة / { $expected } متوقعة
cli-nothing-published = { $framework }: لم يُنشر شيء بعد
cli-publication = { $period } المراجعة { $revision } ({ $state }) نُشرت بتاريخ { $date } من طرف { $by }{ $noted ->
    [yes] { ": " }{ $note }
   *[no] {""}
}
cli-quality-none = { $period }: لا توجد أي إشارة إلى جودة البيانات

## mizan user, remind
cli-password-prompt = كلمة المرور (عدد الأحرف لا يقل عن { $min }):
cli-user-created = أُنشئ الحساب «{ $username }» ({ $role })
cli-user-created-member = أُنشئ الحساب «{ $username }» ({ $role }) التابع للمؤسسة { $institution }
cli-user-contact = «{ $username }»: { $email } ({ $lang })
cli-user-contact-none = «{ $username }»: بدون بريد إلكتروني ({ $lang })
cli-user-disabled = عُطّل الحساب «{ $username }»
cli-user-enabled = أُعيد تفعيل الحساب «{ $username }»
cli-user-granted = يمكن لـ { $username } الاطلاع على تفصيل الأقران في { $framework } { $period }
cli-user-already-granted = يمكن لـ { $username } الاطلاع على تفصيل الأقران في { $framework } { $period } (سبق منح الإذن)
cli-password-set = حُفظت كلمة مرور جديدة لـ «{ $username }»؛ أُغلقت جلساته
cli-no-account = لا يوجد حساب «{ $username }»
cli-remind-none-due = لا يوجد أي تذكير مستحق اليوم
cli-remind-run = { $framework } { $period } (الأجل { $deadline }، { $timing }): عدد المؤسسات بدون تقرير: { $count }{ $dry ->
    [yes] { " (تجربة: لم يُوضع شيء في قائمة الإرسال)" }
   *[no] {""}
}
cli-remind-institution = { $institution } { $name }: { $to } [في قائمة الإرسال: { $queued }]
cli-remind-no-account = لا يوجد حساب بعنوان بريد إلكتروني
cli-mail-not-configured = لم يُحدَّد أي خادم أو مجلد للبريد ([mail] smtp_url أو folder): تنتظر الرسائل في قائمة الإرسال
cli-mail-sent = البريد: أُرسل { $sent }، يُعاد المحاولة لـ { $retried }، تُخلّي عن { $failed }

## mizan serve, demo
cli-serve-listening = Mizan ({ $framework }) يستمع على { $address }
cli-serve-open = افتح { $site } (الموقع العمومي) أو { $login } (الأعضاء، الشركاء، الموظفون)؛ Ctrl-C للإيقاف
cli-serve-metrics = المقاييس على { $url }
cli-demo-loading = عرض Mizan التجريبي: تحميل اتحاد افتراضي في { $url }…
cli-demo-loaded = المؤسسات: { $institutions }، التقارير المحفوظة: { $returns } (المرفوضة عمداً: { $refused })، جداول القروض: { $tapes }، الفصول المنشورة: { $quarters } (المنشورات: { $publications }، منها فصل أعيد نشره) في { $seconds } ث
cli-demo-reviewed = فحص الموظفين: تقارير مقبولة { $accepted }، مرفوضة { $rejected }؛ الحسابات (كلمة المرور «{ $password }»):
cli-demo-role-staff = الأمانة
cli-demo-role-partner = شريك
cli-demo-role-member = عضو في { $institution }
cli-demo-shows-staff = أمانة الاتحاد: كل شيء؛ جمع { $period } جار
cli-demo-shows-partner = اطلاع على تفاصيل النظراء لـ { $period } فقط
cli-demo-shows-accepted = تقرير مقبول لكل فصل: يطلع على تفاصيل النظراء
cli-demo-shows-rejected = رُفض تقريره عن { $period }: لا تفاصيل للنظراء عن هذا الفصل
cli-demo-shows-waiting = تقريره عن { $period } في انتظار الفحص: لا تفاصيل للنظراء عن هذا الفصل بعد
cli-demo-shows-missing = لم يقدم { $period }: ذُكّر بالبريد الإلكتروني، لا تفاصيل للنظراء عن هذا الفصل
cli-demo-shows-tapes = الإطار { $framework }: ملفات القروض لـ { $first } و{ $second }، المحفظة
cli-demo-mail = البريد: كُتبت { $sent } رسالة في { $folder }/ (ملف .eml لكل رسالة)؛ وتصل إليه أيضاً تذكيرات المكتب الخلفي

## mizan import loans, export loans, solvency
cli-progress-previous = تاريخ الحصر السابق
cli-progress-reading = القراءة
cli-progress-storing = الحفظ
cli-progress-loans = قروض
cli-progress-rows = أسطر
cli-tape-head = { $file } ({ $format }) عن { $institution } { $period }، بتاريخ { $date }، الترخيص { $licence }:
cli-tape-previous = تاريخ الحصر السابق: جدول القروض النسخة { $version } عن { $period } (عدد القروض: { $loans } بتاريخ { $date })
cli-tape-previous-none = تاريخ الحصر السابق: لا شيء محفوظ (أول تاريخ حصر على المنصة: لا تنطبق القواعد التي تقارن به)
cli-tape-refused = مرفوض، لم يُحفظ أي شيء: أخطاء مانعة { $blocking }، تنبيهات { $warnings }{ $more ->
    [yes] { "، أخطاء أخرى غير مدرجة: " }{ $unlisted }
   *[no] {""}
}
cli-tape-already-imported = سبق استيراد هذا الملف في النسخة { $version } من جدول القروض بتاريخ { $date }؛ لا نسخة جديدة
cli-tape-stored = حُفظ في النسخة { $version } من جدول القروض (الأسطر المقروءة: { $rows }، القروض المصنفة: { $loans })
cli-tape-return-new = أصبح تقرير { $institution } { $period } في النسخة { $version } ببنود الجدول
cli-tape-return-unchanged = يتضمن تقرير { $institution } { $period } هذه البنود من قبل (النسخة { $version })؛ لا نسخة جديدة
cli-tape-warnings = عدد التنبيهات: { $count }{ $more ->
    [yes] { "، غير مدرجة: " }{ $unlisted }
   *[no] {""}
}:
cli-portfolio-total = عدد القروض: { $count }، القائم { $outstanding }
cli-portfolio-class = الصنف { $class }: عدد القروض { $count }، القائم { $outstanding }، المؤونات { $provisions }
cli-portfolio-provisions = المؤونات المطلوبة { $provisions }
cli-portfolio-provisions-coverage = المؤونات المطلوبة { $provisions }، نسبة تغطية الديون المعلقة الأداء { $coverage }
cli-portfolio-irrecoverable = ديون غير قابلة للتحصيل (تُشطب في نهاية السنة): عدد القروض { $count }، { $outstanding }
cli-loans-written = كُتبت قروض { $institution } { $period } (العدد: { $count }، جدول القروض النسخة { $version }) في { $file }
cli-solvency-head = معامل ملاءة { $institution } عن { $period } ({ $source }، الإطار { $framework })، انطلاقاً من النسخة { $version } من التقرير:
cli-solvency-core-head = الأموال الذاتية الأساسية:
cli-solvency-profit = + الربح { $profit } ناقص الأرباح الموزعة المتوقعة { $dividends } = { $counted } (المادة 7، لا يقل عن 0)
cli-solvency-core = = الأموال الذاتية الأساسية { $amount }
cli-solvency-supplementary-head = الأموال الذاتية التكميلية:
cli-solvency-cap = { $what } ({ $article }): { $before } مقابل حد أقصى قدره { $limit } ← المحتسب { $after }{ $binding ->
    [yes] { "  [طُبّق السقف]" }
   *[no] {""}
}
cli-cap-guarantee-funds = صناديق الضمان العمومية والخاصة
cli-cap-general-provisions = المؤونات العامة
cli-cap-subordinated = الديون الثانوية
cli-cap-supplementary = الأموال الذاتية التكميلية، في حدود الأموال الذاتية الأساسية
cli-solvency-deductions-head = الاقتطاعات:
cli-solvency-deductions = = الاقتطاعات { $amount }
cli-solvency-own-funds = الأموال الذاتية = { $core } + { $supplementary } - { $deducted } = { $own }
cli-solvency-rwa-head = الأصول المرجحة بالمخاطر:
cli-solvency-rwa = = الأصول المرجحة بالمخاطر { $amount }
cli-solvency-coefficient = المعامل = { $own } / { $rwa } = { $coefficient } (الحد الأدنى { $minimum }): { $meets ->
    [yes] يحترم الحد الأدنى
   *[no] دون الحد الأدنى
}
cli-solvency-no-coefficient = المعامل: لا شيء (لا توجد أصول مرجحة بالمخاطر)؛ الحد الأدنى { $minimum }
cli-solvency-missing = غير واردة في التقرير (محتسبة صفراً): { $items }
