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
