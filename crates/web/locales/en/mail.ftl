## E-mail (mizan_service::mail): subject lines and paragraphs, in the recipient's language.

mail-greeting = Hello,
mail-signature = — Mizan, the federation's collection platform. This message is sent automatically; for any question, reply to the secretariat.
mail-link = On the platform: { $link }
mail-reminder-subject = { $when ->
    [before] Reminder: return for { $period } due by { $deadline }
    [after] Overdue: return for { $period } due since { $deadline }
   *[now] Reminder: return for { $period } (deadline { $deadline })
}
mail-reminder-body = { $when ->
    [before] The return of { $name } ({ $institution }) for { $period } has not been received yet. The deadline is { $deadline }, in { $days } day(s).
    [after] The return of { $name } ({ $institution }) for { $period } has not been received: the deadline was { $deadline }, { $days } day(s) ago.
   *[now] The return of { $name } ({ $institution }) for { $period } has not been received yet. The deadline is { $deadline }.
}
mail-reminder-how = Upload it from your space (the template's Excel file, or CSV); every error is shown cell by cell.
mail-accepted-subject = Return for { $period } accepted ({ $institution }, version { $version })
mail-accepted-body = The secretariat accepted version { $version } of your return for { $period }. Your peers' detail for that period is now open to you.
mail-rejected-subject = Return for { $period } rejected ({ $institution }, version { $version })
mail-rejected-body = The secretariat rejected version { $version } of your return for { $period }. Please correct it and upload a new version.
mail-rejected-comment = The secretariat's comment: “{ $comment }”
mail-arrived-subject = Return received: { $institution }, { $period } (version { $version })
mail-arrived-body = { $by } uploaded version { $version } of the return of { $institution } for { $period }, with { $warnings } warning(s). It awaits your review.
