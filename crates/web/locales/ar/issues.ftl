## Validation issues

## الملف في مجمله
issue-empty-file = الملف فارغ
issue-header-only = يتضمن الملف سطر العناوين دون أي بيانات
issue-not-utf8 = الملف ليس نصا بترميز UTF-8
issue-file-too-large = حجم الملف { $size } بايت، وهو يتجاوز الحد الأقصى البالغ { $limit } بايت
issue-unknown-format = الملف ليس ملف CSV ولا مصنف إكسل (.xlsx)
issue-not-a-workbook = الملف ليس مصنف إكسل (.xlsx) قابلا للقراءة: { $reason }
issue-not-a-template = المصنف ليس نموذج التقرير: تنقصه الورقة أو الأوراق التالية: { $sheets }؛ نزّل النموذج واملأه
issue-too-large = تم تجاوز الحد الأقصى البالغ { $limit } ({ $what })؛ رُفض الملف
issue-workbook-too-large-shared-strings = يتضمن المصنف أكثر من { $limit } نصا مختلفا (سلاسل مشتركة)؛ رُفض الملف قبل فتحه
issue-workbook-too-large-shared-strings-bytes = يتجاوز جدول نصوص المصنف (السلاسل المشتركة) { $limit } بايت؛ رُفض الملف قبل فتحه
issue-workbook-too-large-styles = يتضمن المصنف أكثر من { $limit } تنسيقا للخلايا؛ رُفض الملف قبل فتحه
issue-workbook-too-large-part-bytes = جزء من المصنف يُقرأ كاملا (التنسيقات، قائمة الأوراق، العلاقات) يتجاوز { $limit } بايت؛ رُفض الملف قبل فتحه
issue-workbook-too-large-rows = تتضمن الورقة أكثر من { $limit } سطرا؛ رُفض الملف
issue-workbook-too-large-columns = يتضمن سطر من الورقة أكثر من { $limit } عمودا؛ رُفض الملف
issue-workbook-too-large-cells = تتضمن الورقة أكثر من { $limit } خلية؛ رُفض الملف
issue-workbook-too-large-cell-bytes = تتجاوز خلية أو وسم في الورقة { $limit } بايت؛ رُفض الملف قبل فتحه
issue-missing-columns = عمود أو أعمدة ناقصة: { $missing }؛ يتضمن سطر العناوين: { $found }
issue-unknown-column = العمود «{ $column }» ليس من أعمدة التنسيق المعتمد، ولذلك يُتجاهل
issue-duplicate-column = العمود «{ $column }» مذكور مرتين
issue-field-count = عدد الحقول { $found } بينما يتضمن سطر العناوين { $expected }
issue-syntax = ملف CSV غير مقروء: { $reason }

## القيم
issue-missing-value = { $field }: القيمة إلزامية
issue-not-a-number = القيمة «{ $value }» ليست عددا
issue-ambiguous-number = القيمة «{ $value }» ملتبسة (علامة عشرية أم فاصل آلاف؟)؛ اكتبها دون فواصل الآلاف وبالعلامة العشرية المعتمدة في الملف
issue-bad-grouping = فواصل الآلاف في القيمة «{ $value }» في غير موضعها
issue-number-out-of-range = القيمة «{ $value }» كبيرة جدا أو تتضمن عددا مفرطا من الأرقام
issue-empty-value = القيمة فارغة: يُعدّ البند غير مصرّح به (اكتب 0 إذا كانت القيمة صفرا)
issue-formula-without-value = تحتوي الخلية على صيغة دون نتيجة محسوبة؛ افتح الملف في برنامج جداول بيانات، ودعه يُجري الحساب، ثم احفظه من جديد
issue-excel-error = تحتوي الخلية على خطأ إكسل { $error }؛ صحّح الصيغة أو القيمة
issue-negative-count = لا يمكن أن يكون العدد سالبا (القيمة الموجودة: { $value })
issue-fractional-count = يجب أن يكون العدد عددا صحيحا (القيمة الموجودة: { $value })
issue-negative-amount = لا يمكن أن يكون هذا المبلغ سالبا (القيمة الموجودة: { $value })
issue-not-a-boolean = { $field }: «{ $value }» قيمة غير صالحة؛ القيمة المتوقعة: نعم أو لا (true/false، 1/0)
issue-class-out-of-range = { $field }: لا توجد فئة «{ $value }»؛ اتركها فارغة أو أدخل فئة من 1 إلى { $max }
issue-not-utf8-text = { $field }: النص ليس بترميز UTF-8؛ احفظ الملف بصيغة CSV UTF-8
issue-invalid-value = { $field }: «{ $value }» قيمة غير صالحة؛ القيمة المتوقعة: { $expected }
issue-bad-country = { $field }: «{ $value }» ليس رمز بلد؛ المتوقع: الحرفان وفق المعيار ISO 3166-1 (CI، MA، SN)
issue-missing-country = { $field }: القيمة مطلوبة، لأن الإطار { $framework } يشمل عدة بلدان
issue-invalid-code = «{ $value }» ليس رمزا صالحا: { $reason }

## التقرير مقارنة بإطار الإبلاغ وبسجل المؤسسات
issue-unknown-item = البند «{ $item }» ليس من بنود إطار الإبلاغ
issue-duplicate-item = البند مذكور مرتين في هذا التقرير (أول ورود له: { $first })
issue-unknown-institution = المؤسسة «{ $institution }» غير مقيدة في سجل المؤسسات؛ استورد السجل أولا
issue-bad-period = الفترة "{ $period }" غير مقبولة: تُكتب الفترة على شكل YYYY-Qn، مثلا 2016-Q1
issue-period-not-ended = لم ينته { $period } بعد: ينتهي في { $ends }، وتُقبل ملفاته ابتداء من اليوم الموالي
issue-reports-monthly = تصرّح { $institution } شهريا (مؤسسة المادة 44): أرسلوا الشهر { $instead-code } ({ $instead }) عن الفصل { $period }
issue-reports-quarterly = تصرّح { $institution } فصليا: أرسلوا الفصل { $instead-code } ({ $instead })، لا الشهر { $period }
issue-valid-from-month = تسري نسخة السجل ابتداء من فصل: اكتبوا { $quarter }، لا الشهر { $period }
issue-not-registered-for = المؤسسة { $institution } غير مقيدة في السجل بالنسبة لـ { $period } (مقيدة ابتداء من { $from })
issue-no-framework-for = الإطار { $framework } لا ينطبق على { $period }
issue-no-framework-for-versions = الإطار { $framework } لا ينطبق على { $period }؛ قواعده السارية: { $versions }
framework-version-from-until = الصيغة { $version }، من { $from } إلى { $until }
framework-version-from = الصيغة { $version }، ابتداء من { $from }
framework-version-until = الصيغة { $version }، إلى غاية { $until }
framework-version-always = الصيغة { $version }، كل الفترات
issue-unknown-period = الفترة «{ $period }» غير مقبولة: { $reason }
issue-context-mismatch = الملف يخص { $field } { $in_file }، وليس { $expected }
issue-context-institution = المؤسسة
issue-context-period = الفترة
issue-context-framework = إطار الإبلاغ
issue-total-mismatch = المجموع المصرّح به { $supplied } يختلف عن مجموع مكوناته { $sum } ({ $parts })
issue-legacy-excel = هذا المصنف بصيغة Excel 97-2003 (.xls): افتحه في Excel أو LibreOffice واختر «حفظ باسم» بصيغة «مصنف Excel (.xlsx)» ثم أرسل ذلك الملف
issue-template-altered = رموز البنود في هذه الورقة لم تعد في العمود A حيث يضعها النموذج ({ $count } من أصل { $expected } مفقودة: { $codes }): حُذفت أعمدة أو صفوف أو نُقلت؛ املأ نموذجا جديدا دون تغيير ترتيبه
issue-template-value-column-moved = عمود القيم («Valeur») لم يعد العمود D: حُذفت أعمدة أو نُقلت؛ املأ نموذجا جديدا دون تغيير ترتيبه
issue-percentage-format = الخلية بتنسيق نسبة مئوية ({ $shown }) بينما البند مبلغ أو عدد: أزل تنسيق النسبة المئوية واكتب الرقم
issue-date-instead-of-number = الخلية تحتوي على تاريخ ({ $shown }) حيث يُنتظر رقم: اكتب الرقم في خلية بتنسيق رقمي
issue-text-too-long = الحقل { $field } يضم { $found } حرفا؛ الحد الأقصى المقبول { $max }
issue-amount-without-subunit = المبلغ { $value } يتضمن كسورا عشرية، لكن { $currency } ليست له وحدة أصغر: تحقق من الفاصلة العشرية ومن الوحدة (المبالغ بـ { $currency } وليس بالآلاف)
issue-amount-below-currency-unit = المبلغ { $value } يتضمن أكثر من { $decimals } منازل عشرية، وهي أصغر وحدة لـ { $currency }
issue-refused-with-file = لم يُحفظ أي شيء من هذا الملف: { $refused } تقرير(تقارير) أخرى فيه بها أخطاء مانعة؛ صحّحها وأعد إرسال الملف كاملا
issue-empty-return = لا يتضمن التقرير أي قيمة: املأ الأرقام (الخلية الفارغة تعني عدم التصريح)
issue-total-without-parts = صُرّح بمجموع دون مكوناته؛ صرّح بدلا منه بما يلي: { $parts }
issue-duplicate-institution = المؤسسة مذكورة مرتين (أول ورود لها: { $first })

## ملفات القروض
issue-invalid-date = { $field }: «{ $value }» ليس تاريخا؛ اكتبه بالصيغة YYYY-MM-DD أو DD/MM/YYYY
issue-date-after-as-of = { $field }: التاريخ { $date } لاحق لتاريخ نهاية الفصل ({ $as_of })
issue-duplicate-loan = القرض «{ $loan }» مذكور مرتين (أول ورود له: السطر { $line })
issue-reserved-above-receivable = الفوائد المعلقة { $reserved } تتجاوز الدين المستحق { $receivable } (أصل القرض القائم + الفوائد المتراكمة)
issue-restructure-count-decreased = انخفض عدد مرات إعادة الهيكلة (restructure_count) من { $previous } في نهاية الفصل السابق إلى { $current }
issue-interest-due-without-unpaid-date = فوائد مستحقة غير مسددة بمبلغ { $interest } مصرح بها دون تاريخ استحقاق غير مسدد (oldest_unpaid_due_date): المتأخرات تشمل الأصل والفوائد (المادة 5)
issue-refinancing-not-counted = هذا القرض يعيد تمويل القرض « { $loan } » الذي كان متعثرا في نهاية الفصل السابق: إنه إعادة هيكلة له (المادة 8)، لذا يجب أن يكون عدد مرات إعادة الهيكلة (restructure_count) { $least } على الأقل (الموجود { $current })
issue-irrecoverable-not-written-off = القرض « { $loan } » كان غير قابل للاسترداد في { $year_end } (غير مسدد منذ { $due }) ولا يزال في ملف القروض: تقضي المادة 17 بتسجيله ضمن الخسائر على أبعد تقدير في نهاية السنة المالية
issue-rules-not-in-force = { $source } سارية المفعول ابتداء من { $from }: تنتهي { $period } قبل هذا التاريخ، فلا يصنف ملف قروضها وفق هذه الدورية
issue-no-rule-for-column = لا تتضمن { $source } أي قاعدة للعمود { $column }: يصنف القرض دون اعتباره
issue-reserved-above-accrued = الفوائد المحجوزة ({ $reserved }) تتجاوز الفوائد المستحقة غير المسددة ({ $accrued }) التي تُحجز منها
issue-outstanding-above-disbursed = الأصل القائم ({ $outstanding }) يتجاوز الأصل المصروف ({ $disbursed })
issue-given-without-restructuring = { $field } مصرح به لقرض لم تتم إعادة هيكلته قط (restructure_count يساوي 0)
issue-inconsistent = { $field }: { $reason }
issue-differs-from-tape = يذكر التقرير القيمة { $value } بينما يعطي ملف القروض (النسخة { $version }) القيمة { $tape_value }؛ تُعتمد قيمة التقرير
issue-rule = { $message } [{ $rule }]
