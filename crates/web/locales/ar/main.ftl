## واجهة الموقع العمومي — العربية (من اليمين إلى اليسار)

site-title = إحصاءات التمويل الأصغر
lang-name = العربية
lang-switch = اللغة
nav-label = التصفح الرئيسي
nav-home = النشرات المنشورة
nav-indicators = المؤشرات
nav-methodology = المنهجية
nav-api = واجهة البرمجة المفتوحة
skip-to-content = الانتقال إلى المحتوى
footer-text = بيانات مجمعة ومجهولة الهوية: لا تُنشر أي أرقام خاصة بمؤسسة بمفردها. يبيّن كل رقم عدد المؤسسات (n) التي يستند إليها.

## التواريخ والفصول
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = ماي
month-6 = يونيو
month-7 = يوليوز
month-8 = غشت
month-9 = شتنبر
month-10 = أكتوبر
month-11 = نونبر
month-12 = دجنبر
date-long = { $day } { $month } { $year }
datetime-long = { $day } { $month } { $year } على الساعة { $time }
period-short = ف{ $quarter } { $year }
period-month-short = { $month } { $year }

## قائمة الفصول
home-title = النشرات المنشورة
home-intro = المؤشرات المالية وغير المالية والاحترازية لأنظمة التمويل اللامركزية، مجمعة حسب فئة المؤسسات وللقطاع ككل، فصلا بفصل.
home-empty = لم يُنشر أي فصل بعد.
col-quarter = الفصل
col-revisions = المراجعات
col-published = النشر
col-downloads = التنزيلات
revision-n = المراجعة { $n }

## النشرة
bulletin-title = الإبلاغ عن المعلومات المالية وغير المالية لأنظمة التمويل اللامركزية — { $period }
published-revision = نُشرت في { $date } (المراجعة { $n })
revision-note = ملاحظة المراجعة:
superseded = حلت محل هذه المراجعة المراجعة { $n } المنشورة في { $date }.
link-revisions = سجل المراجعات
method-label = طريقة التجميع
method-published = الطريقة المنشورة
method-pooled = النسب المجمعة
method-median = الوسيط
method-published-help = متوسط نسب المؤسسات التي لها قيمة؛ وبالنسبة للنسب الاحترازية، مجموع أ / مجموع ب، مع بيان السطرين أ وب لمجموع أ / n ومجموع ب / n.
method-pooled-help = مجموع البسوط / مجموع المقامات على المؤسسات التي تصرح بهما معا؛ والمجاميع بالنسبة للأعداد والمبالغ. أقل تأثرا بالقيم القصوى من متوسط النسب.
method-median-help = القيمة الوسيطة للمؤسسات التي لها قيمة (النصف أعلى منها والنصف أدنى).
col-number = الرقم
col-indicator = المؤشر
col-norms = المعايير
not-applicable = لا ينطبق
cell-n = n = { $n }
cell-compliant = { $k } مطابقة
reporting-intro = أرسلت المؤسسات التالية بياناتها (حسب ترتيب الإرسال):
group-footnote = على مستوى { $group } ({ $received } واردة / { $expected } متوقعة):
group-footnote-sector = { $group }: { $received } واردة / { $expected } متوقعة.
group-footnote-outside = خارج مجموعات النظراء، محسوبة في مجموع القطاع فقط ({ $count }):
legend-n = n: عدد المؤسسات التي يستند إليها الرقم.
legend-compliant = مطابقة: عدد المؤسسات منها التي تحترم المعيار المطبق عليها.
legend-na = لا ينطبق: لا توجد مؤسسة تصرح بالبيانات اللازمة.
suppressed-symbol = c
downloads = التنزيلات
download-csv = CSV للبرامج (رموز، نقطة عشرية)
download-xlsx = جدول بيانات (بتنسيق النشرة)
download-json = JSON
download-series-json = السلسلة بصيغة JSON

## المراجعات
revisions-title = سجل المراجعات — { $period }
col-revision = المراجعة
col-status = الحالة
col-note = ملاحظة
status-current = سارية
status-superseded = مستبدلة
back-to-bulletin = العودة إلى نشرة { $period }

## المؤشرات
indicators-title = المؤشرات
indicators-intro = لكل مؤشر صفحته: صيغته ومعياره وتطوره عبر الفصول المنشورة، حسب فئة المؤسسات.
col-code = الرمز
col-formula = الصيغة
col-consolidation = التجميع
col-display = العرض
consolidation-mean = متوسط قيم المؤسسات
consolidation-ratio-of-sums = مجموع أ / مجموع ب (نسبة المجاميع)
chart-alt = تطور «{ $indicator }» حسب الفصل وفئة المؤسسات
series-empty = لا يتضمن أي فصل منشور هذا المؤشر.

## المنهجية
methodology-title = المنهجية
methodology-intro = أُعدت هذه الصفحة انطلاقا من إعدادات إطار الإبلاغ «{ $framework }» (الإصدار { $version }): الصيغ والمعايير والفئات أدناه هي التي استُعملت في الحساب.
methodology-methods = طرق التجميع
methodology-groups = فئات المؤسسات
methodology-derived = القيم المشتقة
methodology-indicators = المؤشرات وصيغها ومعاييرها
legal-form-sa = شركة مساهمة
legal-form-sarl = شركة ذات مسؤولية محدودة
legal-form-mutual = تعاضدية
legal-form-cooperative = تعاونية
legal-form-association = جمعية
sector-help = جميع المؤسسات التي أرسلت بياناتها؛ يُحسب رقم القطاع على مجموع المؤسسات، وليس انطلاقا من أرقام الفئات.
display-percent = نسبة مئوية، رقمان عشريان
display-integer = عدد صحيح
display-thousands = بالآلاف، عدد صحيح
display-rate = معدل بالنسبة المئوية، رقمان عشريان
rule-rounding-title = التقريب
rule-rounding = تُجرى الحسابات بأعداد عشرية دقيقة، ولا تُقرب الأرقام إلا عند العرض، إلى الأقرب (مع إبعاد النصف عن الصفر). تتضمن ملفات CSV وJSON القيم الدقيقة.
rule-numbers-title = كتابة الأعداد
rule-numbers = بالفرنسية، فراغ رفيع غير منفصل بين الآلاف وفاصلة عشرية (1 850 679 ؛ 4,41 %). بالإنجليزية، فاصلة بين الآلاف ونقطة عشرية (1,850,679 ؛ 4.41%). بالعربية، حسب الاستعمال في المغرب العربي: الأرقام 0–9، نقطة بين الآلاف وفاصلة عشرية (1.850.679 ؛ 4,41 %).
rule-n-title = عدد المؤسسات
rule-n = يبيّن كل رقم n، عدد المؤسسات التي صدر عنها، وبالنسبة للمؤشرات ذات المعايير عدد المؤسسات التي تحترم المعيار المطبق عليها (حسب شكلها القانوني أو بنيتها أو انتمائها إلى شبكة).
rule-suppression-title = السر الإحصائي
rule-suppression = لا يُنشر الرقم الذي قد يسمح باستنتاج رقم مؤسسة بعينها (عدد قليل جدا من المؤسسات أو مؤسسة مهيمنة): يُعوض بالرمز «c» ويُصدَّر فارغا مع الإشارة «suppressed».
rule-revisions-title = المراجعات
rule-revisions = يمكن مراجعة فصل منشور (تصريح متأخر أو مصحح): تحمل المراجعة الجديدة ملاحظة مؤرخة وتبقى المراجعات السابقة متاحة للاطلاع مع الإشارة إلى أنها مستبدلة.

## الأخطاء
error-title-404 = الصفحة غير موجودة
error-text-404 = هذا الفصل أو المؤشر أو هذه الصفحة غير موجودة أو غير منشورة.
error-title-400 = طلب غير صحيح
error-text-400 = أحد معايير العنوان غير مفهوم.
error-title-500 = خطأ في الخادم
error-text-500 = تعذر إنتاج الصفحة. تم تسجيل الحادث؛ يرجى المحاولة لاحقا.
error-back = العودة إلى النشرات المنشورة
error-request-id = مرجع الطلب:

## The bulletin workbook (mizan_service::export::table_xlsx)
table-xlsx-method-published = الطريقة المنشورة: متوسط النسب، Σ أ / Σ ب للنسب الاحترازية
table-xlsx-method-pooled = النسب المجمعة: مجموع البسوط / مجموع المقامات، المجاميع
table-xlsx-method-median = الوسيط بين المؤسسات
table-xlsx-number = الرقم
table-xlsx-norms = المعايير
table-xlsx-not-applicable = لا ينطبق
table-xlsx-suppressed = سرية إحصائية: قيمة غير منشورة (عدد قليل جدا من المؤسسات أو مؤسسة مهيمنة)
table-xlsx-note = n = { $n }
table-xlsx-note-compliant = n = { $n }؛ { $compliant } مطابقة للمعيار

## Indicator page: the series in words, its CSV, the quartile band (issue 14)
download-series-csv = السلسلة بصيغة CSV
series-band = { $group }: المدى الربيعي
series-said-title = الفصل الأخير باختصار
series-said-value = في { $period }، بلغ الرقم { $value }.
series-said-withheld = في { $period }، هذا الرقم محجوب بموجب السر الإحصائي: لا يُنشر ولا يُقارن.
series-said-none = في { $period }، لا توجد لأي مؤسسة قيمة (لا ينطبق).
series-said-norm = { $position ->
    [above-meets] وهو أعلى من المعيار ({ $norm })، فالمعيار مستوفى.
    [above-fails] وهو أعلى من المعيار ({ $norm })، فالمعيار غير مستوفى.
    [below-meets] وهو أدنى من المعيار ({ $norm })، فالمعيار مستوفى.
    [below-fails] وهو أدنى من المعيار ({ $norm })، فالمعيار غير مستوفى.
    [at-meets] وهو يساوي المعيار ({ $norm })، فالمعيار مستوفى.
    [at-fails] وهو يساوي حدّ المعيار ({ $norm })، فالمعيار غير مستوفى.
   *[within-meets] وهو ضمن حدود المعيار ({ $norm }).
}
series-said-norm-trend = يتعلق المعيار ({ $norm }) بتطور كل مؤسسة، لا بهذا الرقم.
series-said-norm-varies = يختلف المعيار حسب المؤسسة ({ $norm }): لا يُقارن هذا الرقم به.
series-said-change-points = { $direction ->
    [up] بارتفاع قدره { $change } نقطة مئوية مقارنة بـ{ $previous }.
    [down] بانخفاض قدره { $change } نقطة مئوية مقارنة بـ{ $previous }.
   *[same] دون تغيير مقارنة بـ{ $previous }.
}
series-said-change = { $direction ->
    [up] بارتفاع قدره { $change } مقارنة بـ{ $previous }.
    [down] بانخفاض قدره { $change } مقارنة بـ{ $previous }.
   *[same] دون تغيير مقارنة بـ{ $previous }.
}
series-said-previous-withheld = في { $previous }، كان هذا الرقم محجوبًا بموجب السر الإحصائي: لا يُحسب التطور.
series-said-previous-none = في { $previous }، لم يكن هناك رقم للمقارنة.

## The open API for people (/api/docs, issue 14)
api-docs-title = واجهة البرمجة المفتوحة
api-docs-intro = تُقدَّم الأرقام المنشورة أيضًا بصيغة JSON، دون تسجيل، على العناوين أدناه. كل مثال عنوانٌ في هذا الموقع يجيب الآن، بآخر فصل منشور.
api-docs-document = الوصف المقروء آليًا (OpenAPI 3):
api-docs-name = المعامل
api-docs-in = الموضع
api-docs-required-header = إلزامي
api-docs-description = الوصف
api-docs-in-path = في المسار
api-docs-in-query = في الاستعلام
api-docs-required = نعم
api-docs-optional = لا
api-docs-no-params = بدون معاملات.
api-docs-values = القيم:
api-docs-default = القيمة الافتراضية: { $value }
api-docs-example = مثال:
api-op-openapi = هذه الوثيقة، وصف OpenAPI 3 لواجهة البرمجة.
api-op-listPeriods = الفصول المنشورة، من الأحدث إلى الأقدم، مع مراجعاتها.
api-op-getPeriod = فصل منشور: مراجعته والأعمدة ومن صرّح (N مستلمة / M متوقعة، والأسماء حسب ترتيب الاستلام).
api-op-getCells = جميع الخلايا الموحدة لفصل حسب طريقة.
api-op-listIndicators = مؤشرات الإطار المرجعي: الصيغة والمعيار والطريقة المنشورة وطريقة العرض.
api-op-getSeries = أرقام مؤشر على جميع الفصول المنشورة (المراجعات السارية)، من الأقدم إلى الأحدث.
api-param-period = فصل بالصيغة YYYY-Qn (2016-Q1).
api-param-revision = مراجعة للفصل (افتراضيًا: المراجعة السارية).
api-param-method = طريقة التوحيد: الطريقة المنشورة (متوسط النسب؛ Σ أ / Σ ب للنسب الاحترازية) أو المجمّعة (Σ البسوط / Σ المقامات، المجاميع) أو وسيط المؤسسات.
api-param-lang = لغة التسميات (افتراضيًا: ملف تعريف الارتباط mizan_lang، ثم Accept-Language، ثم الفرنسية).
api-param-code = رمز مؤشر (fin.par30)، أو السطر أ أو ب لنسبة احترازية (prud.capitalization.a).
methodology-api-title = إعادة استخدام الأرقام
methodology-api = تُقدَّم الأرقام المنشورة بصيغة JSON عبر واجهة برمجة مفتوحة، موصوفة هنا:

## SDMX (mizan_service::sdmx, pages/sdmx.rs, the methodology)
download-sdmx = SDMX-CSV (جميع الطرق)
methodology-sdmx-title = SDMX للمعاهد الإحصائية
methodology-sdmx = تُنشر الأرقام المنشورة لكل ربع سنة أيضا بصيغة SDMX-CSV 2.0 (الأبعاد: المؤشر وفئة النظراء والطريقة والربع؛ والسمات: حالة المشاهدة وحالة السرية وعدد المؤسسات وعدد المؤسسات الممتثلة)، مع البنية التي تتبعها (تعريف بنية البيانات وقوائم الرموز والمفاهيم) في رسالة بنية SDMX-ML 2.1. ويكون الرقم المحجوب بسبب السر الإحصائي فارغا فيها، مع حالة السرية C.
methodology-sdmx-structure = بنية SDMX (SDMX-ML 2.1)
methodology-sdmx-data = بيانات SDMX-CSV للربع { $period }
sdmx-concepts = مفاهيم ميزان
sdmx-concept-indicator = المؤشر
sdmx-concept-peer-group = فئة النظراء
sdmx-concept-method = طريقة التجميع
sdmx-concept-time-period = الفترة
sdmx-concept-obs-value = قيمة المشاهدة
sdmx-concept-obs-status = حالة المشاهدة
sdmx-concept-conf-status = حالة السرية
sdmx-concept-n-institutions = عدد المؤسسات
sdmx-concept-n-compliant = عدد المؤسسات الممتثلة للمعيار
sdmx-codelist-indicator = المؤشرات
sdmx-codelist-peer-group = فئات النظراء
sdmx-codelist-method = طرق التجميع
sdmx-concept-ref-area = المنطقة المرجعية
sdmx-codelist-ref-area = المناطق المرجعية
country-label = البلد
column-group-in-country = { $group } — { $country }
country-bj = بنين
country-bf = بوركينا فاسو
country-ci = كوت ديفوار
country-gw = غينيا بيساو
country-ml = مالي
country-ne = النيجر
country-sn = السنغال
country-tg = توغو
country-ma = المغرب
sdmx-codelist-obs-status = حالة المشاهدة
sdmx-codelist-conf-status = حالة السرية
sdmx-obs-status-a = قيمة عادية
sdmx-obs-status-m = قيمة مفقودة؛ لا يمكن أن توجد البيانات
sdmx-obs-status-q = قيمة مفقودة؛ محجوبة
sdmx-conf-status-f = حرة (قابلة للنشر)
sdmx-conf-status-c = معلومات إحصائية سرية

## The bulletin as files: the workbook and the spreadsheet CSV (mizan_service::sheet)
sheet-col-group = الفئة
sheet-col-value = القيمة
sheet-col-unit = الوحدة
sheet-col-n = n
sheet-col-compliant = مطابقة للمعيار
sheet-col-remark = ملاحظة
sheet-unit-percent = %
sheet-unit-thousands = بآلاف { $currency }
sheet-reporting = المؤسسات المصرّحة
download-sheet-csv = CSV لجداول البيانات (« ; »، فاصلة عشرية، تسميات بالعربية)
api-op-getSdmxData = الأرقام المنشورة لفصل بصيغة SDMX-CSV 2.0 (جميع الطرق في ملف واحد).
api-op-getSdmxStructure = بنية بيانات SDMX: رسالة بنية SDMX-ML 2.1.
# Between the items of a list written as one sentence.
list-separator = { "؛ " }
