## Staff pages

## جمع التقارير
staff-collection-title = جمع تقارير { $period }
staff-field-period = الفصل
staff-field-framework = إطار الإبلاغ
staff-show = عرض
staff-fact-framework = إطار الإبلاغ
staff-fact-deadline = الأجل
staff-deadline-value = { $date } (عدد أيام العمل بعد نهاية الفصل: { $days })
staff-deadline-value-days = { $date } (عدد الأيام بعد نهاية الفترة: { $days })
staff-fact-today = الوضع في
staff-fact-totals = المجموع
staff-fact-missing = التقارير الناقصة بعد الأجل
staff-framework-not-in-force = الإطار { $framework } غير ساري المفعول بالنسبة إلى { $period }.
staff-counts = { $received } واردة / { $expected } متوقعة
staff-group-other = مؤسسات أخرى
staff-groups-title = المؤسسات المنتظرة
staff-col-order = الرقم
staff-col-institution = المؤسسة
staff-col-first-received = أول استلام
staff-col-timeliness = احترام الأجل
staff-col-versions = النسخ والقرارات
staff-upload-for = الإيداع باسم هذه المؤسسة
staff-no-versions = لم يرد أي تقرير.
staff-pending = منتظر
staff-on-time = داخل الأجل
staff-late-one = { $working ->
    [yes] متأخر بيوم عمل واحد
   *[no] متأخر بيوم واحد
}
staff-late-many = { $working ->
    [yes] متأخر — عدد أيام العمل: { $days }
   *[no] متأخر — عدد الأيام: { $days }
}
staff-missing-late-one = { $working ->
    [yes] ناقص — متأخر بيوم عمل واحد
   *[no] ناقص — متأخر بيوم واحد
}
staff-missing-late-many = { $working ->
    [yes] ناقص — عدد أيام العمل المتأخرة: { $days }
   *[no] ناقص — عدد الأيام المتأخرة: { $days }
}
staff-version = النسخة { $n }
staff-version-received = وردت في { $date } — { $file } (أودعها { $who })
staff-status-received = واردة، قيد الفحص
staff-status-accepted = مقبولة
staff-status-rejected = مرفوضة
staff-decided = من طرف { $who } في { $date }
staff-warnings-none = لا توجد تنبيهات
staff-warnings-one = تنبيه واحد
staff-warnings-many = عدد التنبيهات: { $n }
staff-report = تقرير التحقق
staff-accept = قبول
staff-reject-open = رفض…
staff-reject = رفض هذه النسخة
staff-field-comment = تعليق موجه إلى المؤسسة (إلزامي)
staff-reject-needs-comment = يجب تعليل الرفض: اكتب تعليقا موجها إلى المؤسسة، ثم أعد الرفض.
staff-flags-title = مراقبة جودة البيانات
staff-flags-none = لم تُرصد أي ملاحظة على التقارير المعتمدة.
staff-col-severity = الدرجة
staff-col-finding = الملاحظة

## النشر
staff-publish-title = النشر
staff-not-published = لم يُنشر هذا الفصل بعد.
staff-published-status = منشور: المراجعة { $revision } بتاريخ { $date } (من طرف { $who })
staff-bulletin-link = عرض النشرة العمومية
staff-current-note = ملاحظة المراجعة الحالية:
staff-field-note = ملاحظة المراجعة
staff-note-help-first = اختيارية في النشر الأول.
staff-note-help-required = إلزامية: سبق نشر هذا الفصل؛ بيّن سبب نشره من جديد (تُنشر الملاحظة مع المراجعة).
staff-publish-first = نشر { $period }
staff-publish-again = نشر مراجعة جديدة لـ { $period }
staff-published-notice = نُشرت المراجعة { $revision } لـ { $period }.
staff-publish-no-returns = لا يوجد أي تقرير معتمد لـ { $period }: لا شيء للنشر.
staff-publish-unchanged = سبق نشر { $period } (المراجعة { $revision } بتاريخ { $date }) انطلاقا من التقارير نفسها: لا شيء لإعادة النشر.
staff-publish-note-required = سبق نشر { $period } (المراجعة { $revision }): يجب أن تُرفق المراجعة الجديدة بملاحظة تبين السبب.
staff-publish-refused = رُفض النشر: { $reason }

## سجل المؤسسات
staff-institutions-title = سجل المؤسسات
staff-institutions-intro = الخصائص السارية في { $period }؛ يلي الجدولَ السجلُّ الكامل للتغييرات.
staff-registry-empty = السجل فارغ: استورد ملفا.
staff-col-code = الرمز
staff-col-name = الاسم
staff-col-legal-form = الشكل القانوني
staff-col-structure = البنية
staff-col-network = منتمية إلى شبكة
staff-col-deposits = تجمع الودائع
staff-col-framework = الإطار
staff-col-country = البلد
staff-col-art44 = شهري (المادة 44)
staff-col-owner-group = مجموعة المالكين
staff-col-history = السجل
staff-col-valid-from = يسري ابتداء من
staff-col-recorded-at = تاريخ التسجيل
staff-col-recorded-by = من طرف
staff-structure-direct-credit = قرض مباشر
staff-structure-savings-credit = ادخار وقرض
staff-yes = نعم
staff-no = لا
staff-versions-one = نسخة واحدة
staff-versions-many = عدد النسخ: { $n }
staff-valid-always = منذ البداية
staff-history-title = سجل الخصائص
staff-registry-upload-title = استيراد ملف السجل (CSV)
staff-registry-upload-help = الأعمدة code وname وlegal_form وstructure وnetwork_affiliated وcollects_deposits، وعند الحاجة valid_from وframework وowner_group وcountry (حرفان؛ إن تُرك فارغا: بلد الإطار). يُسجَّل الملف كاملا أو يُرفض كاملا.
staff-max-size = الحجم الأقصى: { $mb } ميغابايت.
staff-field-file = ملف CSV
staff-registry-upload-submit = استيراد
staff-registry-no-file = اختر ملف CSV لاستيراده.
staff-registry-refused = رُفض الملف { $file }: لم يُسجَّل أي شيء. صحح الأسطر المبينة أدناه ثم استورده من جديد.
staff-registry-stored = تم استيراد { $file }: مؤسسات جديدة: { $created }، معدلة: { $changed }، دون تغيير: { $unchanged }.
staff-registry-issues = المشاكل المرصودة في الملف
staff-col-place = الموضع
staff-col-problem = المشكلة

## الحسابات والصلاحيات
staff-users-title = الحسابات والصلاحيات
staff-accounts-title = الحسابات
staff-col-status = الحالة
staff-col-created = تاريخ الإنشاء
staff-col-actions = الإجراءات
staff-account-active = نشط
staff-account-disabled = معطل
staff-disable = تعطيل
staff-enable = إعادة التفعيل
staff-own-account = حسابك
staff-create-title = إنشاء حساب
staff-institution-help = لحسابات المؤسسات الأعضاء فقط.
staff-no-institution = — لا شيء (موظف، شريك) —
staff-field-initial-password = كلمة المرور الأولية
staff-password-help = { $min } أحرف على الأقل، ومختلفة عن اسم المستخدم. أرسلها عبر قناة آمنة؛ وسيغيرها صاحب الحساب من «حسابي».
staff-create-submit = إنشاء الحساب
staff-created-notice = أُنشئ الحساب { $username } ({ $role }).
staff-disabled-notice = عُطّل الحساب { $username }: أُغلقت جلساته المفتوحة.
staff-enabled-notice = أُعيد تفعيل الحساب { $username }.
staff-username-invalid = اسم المستخدم «{ $username }»: من 1 إلى 64 حرفا لاتينيا أو رقما أو «.» أو «-» أو «_» أو «@».
staff-username-taken = اسم المستخدم «{ $username }» مستعمل من قبل.
staff-role-invalid = اختر دورا.
staff-institution-unknown = المؤسسة { $code } غير مقيدة في السجل.
staff-member-needs-institution = يجب ربط حساب المؤسسة العضو بمؤسسته.
staff-only-members-institution = حسابات المؤسسات الأعضاء وحدها ترتبط بمؤسسة.
staff-password-invalid = يجب أن تتكون كلمة المرور الأولية من { $min } أحرف على الأقل وأن تختلف عن اسم المستخدم.
staff-cannot-disable-self = لا يمكنك تعطيل حسابك الخاص.
staff-refused = مرفوض: { $reason }
staff-grants-title = صلاحيات الشركاء
staff-grants-help = يطلع الشريك على التفاصيل حسب الفئة للفصول الممنوحة له.
staff-no-grants = لم تُمنح أي صلاحية.
staff-col-partner = الشريك
staff-col-period = الفصل
staff-col-granted = مُنحت من طرف
staff-col-revoked = السحب
staff-granted-by = { $who }، { $date }
staff-revoked-by = سحبها { $who } في { $date }
staff-in-force = سارية
staff-revoke = سحب
staff-grant-title = منح صلاحية
staff-field-partner = الشريك
staff-grant-submit = منح الصلاحية
staff-no-partner = لا يوجد حساب شريك نشط: أنشئ حسابا أولا.
staff-granted-notice = يمكن لـ { $partner } الاطلاع على التفاصيل حسب الفئة لـ { $period }.
staff-revoked-notice = سُحبت صلاحية { $partner } على { $period }.
staff-grant-invalid = اختر شريكا وفصلا.
staff-grant-not-partner = { $username } ليس حساب شريك: الشركاء وحدهم يُمنحون صلاحيات.

## سجل التدقيق
staff-audit-title = سجل التدقيق
staff-filter-title = تصفية السجل
staff-filter-actor = من (اسم المستخدم)
staff-filter-action = الإجراء (أو بدايته: submission. أو account.)
staff-filter-institution = المؤسسة (الرمز)
staff-filter-period = الفصل (2016-Q1)
staff-filter-submit = تصفية
staff-filter-reset = عرض الكل
staff-col-at = التاريخ
staff-col-actor = من
staff-col-action = الإجراء
staff-col-detail = التفاصيل
staff-audit-empty = لا يوجد أي حدث يطابق هذه التصفية.
staff-audit-submission = الإيداع رقم { $id }
staff-reset-password = كلمة مرور جديدة
staff-new-password = كلمة مرور مؤقتة جديدة
staff-reset-notice = تم تعيين كلمة مرور جديدة للحساب { $username } وأُغلقت جلساته. أبلغه بها عبر قناة آمنة واطلب منه تغييرها.
staff-change-title = تسجيل تغيير
staff-change-help = خصائص مؤسسة ابتداء من فصل معين (تغيير الشكل القانوني أو الاسم أو الانتماء أو الإطار التنظيمي…)؛ تحتفظ الفصول السابقة بخصائصها. الرمز الجديد ينشئ المؤسسة.
staff-change-country-help = حرفان وفق المعيار ISO 3166-1 (CI، MA، SN)؛ إن تُرك فارغا: بلد الإطار.
staff-change-submit = تسجيل
staff-change-created = أُنشئت المؤسسة { $code }.
staff-change-recorded = سُجل التغيير للمؤسسة { $code }؛ يظهر في السجل التاريخي.
staff-change-unchanged = للمؤسسة { $code } هذه الخصائص مسبقا ابتداء من هذا الفصل: لم يتغير شيء.
staff-change-bad-field = { $field }: «{ $value }» ليست قيمة ممكنة.
staff-change-refused = رُفض التغيير: { $why }
staff-preview-title = معاينة النشر — { $period }
staff-preview-link = معاينة النشر (الجدول العمومي، الأرقام المحجوبة، التغطية)
staff-preview-back = العودة إلى الجمع
staff-preview-intro = الجدول كما سيراه العموم إذا نُشر الفصل الآن؛ لا يُحفظ شيء. لا يتضمن إلا التصريحات المقبولة.
staff-preview-refused = النشر مرفوض في الوضع الحالي: { $reason }
staff-preview-ready = يمكن نشر الفصل.
staff-preview-min = الحد الأدنى للتغطية: { $min } من المؤسسات المنتظرة، لكل مجموعة وللقطاع.
staff-preview-coverage = التغطية حسب المجموعة
staff-preview-col-group = المجموعة
staff-preview-col-accepted = التصريحات المقبولة
staff-preview-col-expected = المؤسسات المنتظرة
staff-preview-col-share = التغطية
staff-preview-below = أقل من الحد الأدنى
staff-preview-other = خارج المجموعات
staff-preview-awaiting = تصريحات في انتظار المراجعة (غير مدرجة في النشر)
staff-preview-awaiting-none = لا يوجد تصريح في انتظار المراجعة.
staff-preview-awaiting-line = { $institution }: النسخة { $version } الواردة في { $date }
staff-preview-late = المؤسسات المتأخرة
staff-preview-late-none = لا توجد مؤسسة متأخرة.
staff-preview-late-missing = { $institution }: غائب، { $days } { $working ->
    [yes] يوم عمل
   *[no] يوم
} بعد الأجل
staff-preview-late-received = { $institution }: ورد بعد { $days } { $working ->
    [yes] يوم عمل
   *[no] يوم
} من الأجل
staff-preview-withheld = الأرقام المحجوبة بمراقبة الإفشاء
staff-preview-withheld-none = لا يوجد رقم محجوب.
staff-preview-col-indicator = المؤشر
staff-preview-col-method = الطريقة
staff-preview-col-reason = السبب
staff-preview-table = الجدول العمومي
staff-preview-no-table = لا جدول: لن يُنشر شيء.
staff-preview-revision = المراجعة { $n }، كما ستُنشر الآن.
staff-preview-confirm = أؤكد النشر رغم التنبيه؛ الملاحظة تذكر السبب (تُنشر مع المراجعة وتُسجَّل في سجل التدقيق).
staff-preview-confirm-submit = تأكيد نشر { $period }
staff-withheld-threshold = عدد قليل جدًا من المؤسسات
staff-withheld-dominance = مؤسسة مهيمنة
staff-withheld-p-rule = يمكن لمؤسسة تقدير قيمة مؤسسة أخرى (قاعدة p %)
staff-withheld-median = وسيط عدد قليل جدًا من المؤسسات
staff-withheld-secondary = محجوب حتى لا يمكن إعادة حساب رقم محجوب آخر
staff-withheld-revision = محجوب في مراجعة سابقة، أو تغيّر ناتج عن عدد قليل جدًا من المؤسسات
staff-email-help = تُرسل إليه التذكيرات والقرارات وإشعارات وصول التصاريح؛ اتركه فارغًا كي لا تُرسل أي رسالة.
staff-contact = العنوان واللغة
staff-contact-submit = حفظ
staff-contact-notice = حُفظ عنوان { $username } ولغة رسائله.
staff-reminders-title = التذكيرات — { $period }
staff-reminders-intro = أجل { $period }: { $deadline }. { $missing } مؤسسة لم يصل تصريحها؛ لدى { $reachable } منها حساب بعنوان بريد إلكتروني.
staff-reminders-missing = التصاريح الناقصة
staff-reminders-all-in = وصلت كل التصاريح المنتظرة.
staff-reminders-accounts = الحسابات المذكَّرة
staff-reminders-nobody = لا حساب بعنوان
staff-reminders-submit = ذكّر الآن
staff-reminders-outbox = رسائل الفصل
staff-reminders-outbox-empty = لا رسائل لهذا الفصل.
staff-reminders-back = العودة إلى التجميع
staff-reminders-link = التذكيرات والرسائل
staff-reminded-notice = { $count } تذكير/تذكيرات في قائمة الإرسال.
staff-mail-unconfigured = لم يُضبط أي خادم بريد ([mail] smtp_url أو folder): تبقى الرسائل في قائمة الانتظار.
staff-mail-kind = الرسالة
staff-mail-to = المرسَل إليه
staff-mail-kind-reminder = تذكير
staff-mail-kind-decision-accepted = قُبل التصريح
staff-mail-kind-decision-rejected = رُفض التصريح
staff-mail-kind-return-arrived = وصل تصريح
staff-mail-sent = أُرسلت في { $date }
staff-mail-pending = في انتظار الإرسال ({ $attempts } محاولة/محاولات)
staff-mail-failed = تُخلّي عنها: { $error }

## المراجعة بالأرقام
staff-review-link = المراجعة بالأرقام
staff-review-title = مراجعة: { $name } ({ $code })، { $period }، النسخة { $version }
staff-review-status = الحالة
staff-review-received = تاريخ الاستلام
staff-review-decided = القرار
staff-review-download = تنزيل الملف الأصلي ({ $file })
staff-review-no-file = لم يُحفظ الملف الأصلي (تقرير سُجّل قبل حفظ الملفات، أو مصدره ملف القروض).
staff-review-back = العودة إلى جمع { $period }
staff-review-col-item = البند
staff-review-col-value = المُصرَّح به
staff-review-col-previous = الفصل السابق ({ $period })
staff-review-col-median = وسيط المجموعة (n)
staff-review-previous = الفصل السابق، { $period }: التقرير المعتمد للمؤسسة، أي آخر نسخة غير مرفوضة — النسخة { $version }، { $status }.
staff-review-no-previous = لا يوجد تقرير معتمد للفصل السابق، { $period }.
staff-review-median = وسيط المؤسسات الأخرى في المجموعة «{ $group }» وعددها { $n }، كل منها بآخر نسخة غير مرفوضة للفصل.
staff-review-no-group = لا تنتمي المؤسسة إلى أي مجموعة أقران: لا يُحسب وسيط.
staff-review-staff-only = للموظفين فقط: لا يُنشر أبداً.
staff-review-whole-return = التقرير ككل
staff-review-figures = الأرقام المُصرَّح بها
staff-review-warnings = التحذيرات حسب البند
staff-review-versions = نسخ الفصل
staff-review-history = سجل القرارات
staff-review-no-history = لم يُتخذ أي قرار بعد بشأن نسخ هذا الفصل.
staff-review-decide = القرار
staff-review-col-version = النسخة
staff-review-col-decision = القرار
staff-review-col-comment = التعليق

## مرشحات الجمع وصفحاته
staff-show-filter = عرض:
staff-filter-all = الكل
staff-filter-awaiting = في انتظار المراجعة
staff-filter-late = متأخرة
staff-filter-missing = ناقصة
staff-filter-accepted = مقبولة
staff-filter-rejected = مرفوضة
staff-filter-none = لا توجد مؤسسة في هذه المجموعة تطابق المرشح.
staff-pages = الصفحات
staff-page-previous = الصفحة السابقة
staff-page-next = الصفحة التالية
staff-page-of = الصفحة { $page } من { $pages } ({ $n } مؤسسة)
staff-audit-page = { $n } حدثاً — الصفحة { $page } من { $pages }
