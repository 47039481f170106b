## الفضاء الخاص — العربية

nav-space = فضاء الأعضاء
role-staff = موظفو الاتحاد
role-member = مؤسسة عضو
role-partner = شريك
signed-in-as = متصل: { $name } — { $role }
menu-label = قائمة الفضاء
menu-collection = جمع التقارير
menu-institutions = المؤسسات
menu-upload-for = إيداع باسم مؤسسة
menu-users = الحسابات والصلاحيات
menu-audit = سجل التدقيق
menu-my-institution = مؤسستي
menu-upload = إيداع تقرير
menu-my-access = صلاحياتي
menu-account = حسابي
logout = تسجيل الخروج
error-title-403 = الوصول مرفوض
error-text-403 = لا يحق لك الوصول إلى هذه الصفحة، أو انتهت صلاحية الاستمارة: أعد تحميل الصفحة وحاول من جديد.
error-title-409 = إرسال متزامن
error-text-409 = كان تعديل آخر على نفس التقرير يُحفظ في اللحظة نفسها، لذلك لم يُحفظ شيء من إرسالك. أعد إرسال الملف: ستتم مقارنته بما هو محفوظ الآن.
error-title-413 = الملف كبير جدا
error-text-413 = حجم الملف يتجاوز الحد المسموح به للإيداع.
error-title-429 = محاولات كثيرة
error-text-429 = محاولات كثيرة في وقت قصير: أعد المحاولة بعد بضع دقائق.

## تسجيل الدخول
login-title = تسجيل الدخول
login-intro = فضاء مخصص للمؤسسات الأعضاء والشركاء وموظفي الاتحاد.
login-help = نسيت حسابك أو تم حظره؟ اتصل بأمانة الاتحاد.
login-submit = دخول
login-invalid = اسم المستخدم أو كلمة المرور غير صحيحة.
login-throttled = محاولات دخول فاشلة كثيرة: أعد المحاولة بعد { $minutes } دقيقة.
field-username = اسم المستخدم
field-password = كلمة المرور
field-display-name = الاسم المعروض
field-role = الدور
field-institution = المؤسسة
field-email = البريد الإلكتروني
field-mail-lang = لغة الرسائل

## الحساب
account-title = حسابي
password-heading = تغيير كلمة المرور
field-current-password = كلمة المرور الحالية
field-new-password = كلمة المرور الجديدة
field-confirm-password = تأكيد كلمة المرور الجديدة
password-submit = تغيير كلمة المرور
password-changed = تم تغيير كلمة المرور. أُغلقت جلساتك الأخرى.
password-wrong-current = كلمة المرور الحالية غير صحيحة.
password-mismatch = كلمتا المرور الجديدتان غير متطابقتين.
password-rules = يجب أن تتكون كلمة المرور الجديدة من { $min } أحرف على الأقل وأن تختلف عن اسم المستخدم.

## فضاء العضو
member-home-intro = تقاريرك الفصلية ووضعيتها والوصول إلى التفاصيل حسب المؤسسة. تُفتح تفاصيل النظراء لفصل ما بمجرد قبول الاتحاد لتقريرك عن ذلك الفصل.
partner-home-title = صلاحياتي
partner-home-intro = الفصول التي فتح لك الاتحاد تفاصيلها حسب المؤسسة.
partner-no-grant = لم يفتح لك الاتحاد بعد تفاصيل أي فصل. تبقى الجداول الموحدة العمومية متاحة للجميع.
col-deadline = الأجل
col-return = تقريرك
col-peer-detail = تفاصيل النظراء
col-actions = إجراءات
status-received = تم الاستلام، في انتظار المراجعة
status-accepted = مقبول
status-rejected = مرفوض
status-missing = لم يُرسل
status-granted = صلاحية ممنوحة
version-status = النسخة { $version }: { $status }
peer-detail-open = مفتوحة
refusal-sign-in = سجّل الدخول لرؤية تفاصيل النظراء عن { $period }.
refusal-not-reported = تفاصيل النظراء عن { $period } مفتوحة فقط للمؤسسات التي أرسلت تقريرها عن هذا الفصل: مؤسستك لم ترسله.
refusal-awaiting-review = تم استلام تقريرك عن { $period } لكن الاتحاد لم يقبله بعد: ستُفتح تفاصيل النظراء بمجرد قبوله.
refusal-rejected = رفض الاتحاد تقريرك عن { $period }: أودع تقريرا مصححا؛ ستُفتح تفاصيل النظراء بمجرد قبوله.
refusal-not-granted = لم يفتح لك الاتحاد تفاصيل { $period }.
staff-comment = تعليق الاتحاد: «{ $comment }»
reciprocity-rule = قاعدة الاتحاد: لا تُرسل البيانات المفصلة إلا إلى المؤسسات التي أرسلت بياناتها، وإلى الشركاء الذين يعيّنهم.
action-upload = إيداع تقرير
action-upload-again = إيداع ملف آخر
action-own-indicators = مؤشراتي
action-peer-detail = تفاصيل النظراء
action-versions = كل النسخ المرسلة
action-report = تقرير التحقق
action-public-bulletin = النشرة العمومية للفصل

## الإيداع
upload-title = إيداع تقرير فصلي
upload-intro = أودع نموذج إكسل المملوء أو ملف CSV. يُفحص الملف كاملا: إذا احتوى على خطأ مانع لا يُحفظ شيء ويُشار إلى كل خطأ بورقته وخليته (أو سطره). الإيداع الجديد للفصل نفسه ينشئ نسخة جديدة وتُحفظ النسخ السابقة.
field-period = الفصل
field-file = الملف (.xlsx أو .ods أو .csv)
upload-submit = إيداع وفحص
upload-max-size = الحجم الأقصى: { $size } ميغابايت.
template-heading = نموذج إكسل
template-intro = يأتي النموذج مملوءا باسم المؤسسة والفصل؛ خلايا الإدخال مفتوحة ومراقبة، والمجاميع محسوبة.
template-submit = تنزيل النموذج

## تقرير التحقق
report-title = تقرير التحقق
report-summary = { $file }: حُفظ { $stored } تقرير، ورُفض { $refused }.
report-refused = رُفض الملف { $file }: لم يُحفظ شيء. صحح الأخطاء المانعة أدناه وأودع الملف من جديد.
report-stored-summary = حُفظت النسخة مع { $warnings } تنبيه.
report-no-issue = لا توجد ملاحظات.
outcome-stored = حُفظ: النسخة { $version }
outcome-refused = مرفوض: لم يُحفظ شيء
outcome-already-imported = سبق إيداع الملف نفسه (النسخة { $version }): لا نسخة جديدة
outcome-unchanged = القيم مطابقة للنسخة { $version }: لا نسخة جديدة
col-severity = الخطورة
col-place = الموضع
col-item = البند
col-problem = المشكلة
severity-blocking = مانع
severity-warning = تنبيه
place-line = السطر { $line }
place-line-column = السطر { $line }، العمود { $column }
place-sheet = الورقة { $sheet }
place-file = الملف
place-return = التقرير
col-version = النسخة
col-received = تاريخ الاستلام
col-by = أودعه
col-file = الملف
col-sha256 = بصمة SHA-256
col-comment = تعليق
col-decided = القرار
col-warnings = تنبيهات
versions-title = النسخ المرسلة — { $institution }
versions-empty = لم يُرسل أي تقرير.

## مؤشرات المؤسسة
own-title = { $institution } — مؤشرات { $period }
own-intro = محسوبة على النسخة { $version } من تقريرك؛ مجموعة النظراء: { $group }.
own-none = لا يوجد تقرير معتمد عن { $period }: لا شيء للحساب. التقرير المرفوض لا يُحتسب.
col-value = القيمة
col-norm = المعيار
col-compliance = احترام المعيار
col-mean = متوسط { $group }
col-q1 = الربيع الأول
col-median = الوسيط
col-q3 = الربيع الثالث
col-n = n
norm-meets = مطابق
norm-fails = غير مطابق
norm-unknown = غير قابل للتقييم
download-own-csv = تنزيل مؤشراتي (CSV)

## تفاصيل النظراء
peers-title = التفاصيل حسب المؤسسة — { $period }
peers-intro = مؤشرات كل مؤسسة من المؤسسات المحتسبة وعددها { $n }، بأسمائها. هذه البيانات غير عمومية: لا تنشرها.
peers-legend = المؤسسات
download-peers-csv = تنزيل التفاصيل (CSV)
col-mean-published = المتوسط المنشور، { $group }
col-median-published = الوسيط المنشور
own-position-published = يُعرض موقعك مقارنة بالنشرة المنشورة للفصل.
own-position-none = لم يُنشر الفصل بعد: موقعك مقارنة بنظرائك غير متاح.

## The Excel return template (written by mizan_ingest::write_template; the framework gives
## the labels of its sections and items).
xlsx-cover-sheet = الغلاف
xlsx-title = التقرير الفصلي — { $framework }
xlsx-field-framework = الإطار المرجعي
xlsx-field-version = نسخة الإطار المرجعي
xlsx-field-period = الفترة
xlsx-field-institution = رمز المؤسسة
xlsx-field-name = اسم المؤسسة
xlsx-how-to = طريقة الملء
xlsx-step-fill = 1. أدخلوا القيم في العمود D (الخلايا البيضاء) من أوراق { $sheets }. الخلايا الأخرى محمية (دون كلمة مرور) لتفادي أخطاء الإدخال.
xlsx-step-blank = 2. اتركوا فارغة كل قيمة لا تصرحون بها: الخلية الفارغة لا تُقرأ أبدا على أنها صفر. أدخلوا 0 إذا كانت القيمة منعدمة.
xlsx-step-units = 3. المبالغ بـ { $currency }، دون تقريب؛ ولا يجوز أن تكون سالبة إلا بالنسبة للبنود المشار إليها بـ «±». الأعداد (الزبناء، المستخدمون، القروض…) أعداد صحيحة موجبة. النسب بالمائة (24 تعني 24%).
xlsx-step-totals = 4. المجاميع (بخط عريض على خلفية زرقاء) تُحسب تلقائيا انطلاقا من مكوناتها: أدخلوا المكونات.
xlsx-step-layout = 5. لا تغيروا أسماء الأوراق ولا العمود A (رموز البنود): تقرأ المنصة الملف بواسطتها.
xlsx-step-upload = 6. أودعوا الملف المملوء على المنصة. يُشار فيها إلى كل خلل مع خليته (مثلا { $example })؛ صححوها جميعا ثم أودعوا الملف من جديد.
xlsx-context = الفترة { $period } — الإطار المرجعي { $framework } النسخة { $version }
xlsx-heading-code = الرمز
xlsx-heading-label = البيان
xlsx-heading-unit = الوحدة
xlsx-heading-value = القيمة
xlsx-heading-remark = ملاحظة
xlsx-total-of = مجموع محسوب: { $parts }
xlsx-unit-count = عدد
xlsx-refused = قيمة مرفوضة
xlsx-enter-whole = أدخلوا عددا صحيحا موجبا أو صفرا.
xlsx-enter-non-negative = أدخلوا مبلغا موجبا أو صفرا.
xlsx-enter-number = أدخلوا عددا.
form-title = الإدخال عبر الإنترنت: { $name }، { $period }
form-intro = أدخل المبالغ كما تظهر في قوائمك (فاصلة عشرية، دون حاجة إلى فاصل الآلاف). تُحسب المجاميع آليًا. «حفظ المسودة» يحتفظ بما أدخلته لوقت لاحق؛ «إرسال» يفحص التصريح كما يُفحص الملف، وإن قُبل يُسجَّل نسخةً جديدة.
form-source-empty = لا إدخال لهذا الفصل: الاستمارة فارغة.
form-source-draft = مسودة حُفظت في { $date } من طرف { $who }.
form-source-version = قيم النسخة { $version } المرسلة؛ أي تعديل سيكون نسخة جديدة.
form-saved = حُفظت المسودة.
form-refused = لم يُسجَّل التصريح: صحّح الحقول المشار إليها ثم أرسله من جديد. يُحتفظ بما أدخلته مسودةً.
form-computed = محسوب من مكوّناته
form-save = حفظ المسودة
form-send = إرسال التصريح
upload-form-heading = أو أدخل التصريح عبر الإنترنت
upload-form-intro = دون ملف: املأ استمارة التصريح في المتصفح، مع مسودة محفوظة بين زياراتك.
upload-form-submit = فتح الاستمارة

## تاريخ المؤسسة
action-history = مؤشراتي عبر الزمن
history-title = { $institution } — المؤشرات عبر الزمن
history-intro = كل مؤشر من مؤشرات مؤسستكم، فصلا بعد فصل، حسب التقرير المعتمد (آخر نسخة غير مرفوضة). القيم المميزة خارج المعيار؛ والعمود الفارغ فصل بلا تقرير. اختاروا مؤشرا لرؤية رسمه البياني، مع المعيار ووسيط مجموعة الأقران للفصول التي يتاح لكم فيها تفصيل الأقران.
history-none = لا يوجد لمؤسستكم أي تقرير بعد: ستظهر مؤشراتها هنا فصلا بعد فصل.
history-gap = لا يوجد تقرير لهذا الفصل
history-quarter-gap = { $period } (بلا تقرير)
history-median = وسيط مجموعة الأقران
history-norm = المعيار: { $norm }
history-median-closed = لا يوجد وسيط للأقران بالنسبة إلى { $periods }: يتاح تفصيل الأقران لفصل ما بمجرد قبول تقريركم عنه.
history-chart-empty = لا توجد أي قيمة لهذا المؤشر بعد.
history-download-csv = تنزيل هذا الجدول (CSV)
history-back-home = العودة إلى فصولي

## الصفحة الرئيسية للعضو: تنبيهات
home-late = تقريركم عن { $period } متأخر: كان الأجل { $deadline } ولم يُتسلَّم أي شيء.
home-awaiting-review = تقريركم عن { $period } (النسخة { $version }، المتسلَّمة في { $date }) ينتظر الآن المراجعة.
