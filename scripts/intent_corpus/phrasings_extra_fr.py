# ruff: noqa: E501 (one phrasing a line reads and diffs best)
"""More French phrasing families (see phrasings_extra_en for why)."""

EXTRA: dict[str, list[str]] = {
    "interested": [
        "[Ça vaut le coup d'en parler.|Pourquoi pas en discuter.] [Je suis libre|J'ai un créneau] {weekday} [après le déjeuner|avant 10h].",
        "[Réservez|Planifiez] [une démo|une présentation] avec moi et [la gérante|notre responsable des opérations].",
        "Oui. [Quelle est la prochaine étape ?|Comment on commence ?|De quoi avez-vous besoin de ma part ?]",
        "[Je voudrais un devis|Envoyez-moi une proposition] pour [les deux sites|la clinique principale] et on en [parle|discute] par téléphone.",
        "[Bon, oui, ça tombe bien.|En fait oui.] [Appelez-moi sur mon portable|Appelle-moi] [après 15h|cet après-midi].",
        "Nous [aimerions|voudrions] [en savoir plus|connaître votre offre]. [Êtes-vous disponible|Avez-vous du temps] {weekday} ?",
    ],
    "question": [
        "[Travaillez-vous aussi avec|Intervenez-vous aussi dans] [des cabinets dentaires|des blocs opératoires] ou seulement [des cabinets médicaux|des cliniques] ?",
        "[Combien coûterait|Quel serait le coût d'] [un seul site|un établissement] par [mois|an], [à peu près|environ] ?",
        "[Où êtes-vous basés ?|Vous êtes d'où ?] [Avez-vous des équipes|Avez-vous du personnel] [près de chez nous|à {site}] ?",
        "[Puis-je|Pourrais-je] [voir un contrat type|consulter vos conditions générales] [d'abord|avant] ?",
        "[Combien de clients|Combien d'établissements] [suivez-vous|accompagnez-vous] [actuellement|aujourd'hui] ?",
        "[Recevons-nous|Avons-nous] [un rapport|la check-list] après chaque passage ?",
    ],
    "objection_timing": [
        "[On en reparle|Nous pourrons en reparler] [l'an prochain|au {quarter}|après {month}].",
        "[Nous ne sommes pas encore prêts|Pas encore le moment]. [Revenez vers moi|Recontactez-moi] [dans quelques mois|au printemps].",
        "[Rien avant|Aucune décision avant] {month}, [quand|c'est là que] [le bail est renouvelé|le budget est voté].",
        "[Je préfère attendre|Nous préférons attendre] que [les choses se calment|le déménagement soit fini]. [Peut-être|Plutôt] en {month} ?",
        "[Gardez-moi en tête|Gardez-nous dans vos contacts] [pour la fin d'année|pour l'an prochain], mais [pas maintenant|pas tout de suite].",
        "[La fin d'année est chargée|Cette période est folle]. [Écrivez-moi|Relancez-moi] [en janvier|après les fêtes].",
    ],
    "objection_budget": [
        "[Le coût est le problème|Le problème, c'est le coût]. [Il faudrait couper ailleurs|Il n'y a rien à couper].",
        "Nous ne [dépenserons|dépensons] [pas un euro|rien] en [nouveaux prestataires|prestations externes] [cette année|en ce moment].",
        "[Il ne reste plus de fonds|Plus aucune ligne budgétaire] [cette année|dans le budget actuel].",
        "[Le service financier|Le DAF] a [refusé|dit non à] [tout nouveau contrat|toute nouvelle dépense] [ce trimestre|la semaine dernière].",
        "[Trop cher|Beaucoup trop cher] pour nous, [désolé|malheureusement]. [Nous sommes une structure associative.|On fonctionne avec peu de moyens.]",
        "[À moitié prix|Pour la moitié] [peut-être|on y réfléchirait]. [En l'état, non.|Sinon, non.]",
    ],
    "objection_has_solution": [
        "[Nous avons déjà quelqu'un|On a quelqu'un] pour [ça|cela] [depuis des années|depuis toujours]. [Pas de changement prévu.|On ne changera pas.]",
        "[Notre maison mère|Le siège] a négocié un contrat [national|groupe] [qui couvre cela|pour ça].",
        "[C'est couvert|Cela est couvert] par [le gestionnaire de l'immeuble|le contrat du bailleur].",
        "Nous sommes liés à {competitor} jusqu'en {month} [de l'année prochaine|2027].",
        "[Nous avons embauché|Nous avons recruté] un [technicien|responsable maintenance] [à temps plein|en interne] [l'an dernier|récemment], [donc c'est réglé|donc non].",
        "[Notre prestataire actuel|La société avec qui on travaille] [fait déjà tout ça|couvre déjà tout cela] [et plus|largement].",
    ],
    "referral": [
        "[Mieux vaut écrire à|Écrivez à] {colleague_first} à {ref_email}, [elle|il] [gère|suit] [les prestataires|ce sujet] [désormais|ici].",
        "[J'ajoute|J'ai ajouté] {colleague} [à la conversation|en copie] ({ref_email}). {colleague_first}, [tu peux regarder ?|je te laisse voir.]",
        "[Le mieux est de voir avec|Adressez-vous à] {colleague}, [aux achats|à l'administration] : {ref_email}.",
        "C'est le domaine de {colleague}. [Écrivez-lui|Contactez-la] à {ref_email}.",
        "[Je vous passe|Je vous oriente vers] {colleague}, qui [gère les opérations|s'occupe des locaux]. Mail : {ref_email}",
        "{colleague} [s'occupe des|gère les] [achats|locaux] [au cabinet|ici], [voyez avec|contactez] [elle|lui].",
    ],
    "not_interested": [
        "[Pas du tout intéressés|Aucun intérêt pour nous], merci.",
        "[Nous allons passer notre tour|On va passer], merci.",
        "[Ce n'est pas un besoin|Nous n'avons pas besoin de cela]. [Merci quand même.|Bonne journée.]",
        "[Je ne pense pas|Je ne crois pas], [merci|mais merci].",
        "[Pas pertinent|Pas pertinent pour nous]. [Nous sommes bien comme ça.|Tout va bien.]",
        "[Nous avons décidé de ne pas|Nous avons choisi de ne pas] [donner suite|externaliser]. [Merci.|Merci de votre compréhension.]",
    ],
    "unsubscribe": [
        "[Supprimez|Retirez] [cette adresse|mon adresse] de [votre base|votre fichier|toutes vos listes].",
        "[STOP|Stop]. [Ne m'écrivez plus.|Plus jamais.]",
        "[Merci d'arrêter de me contacter|Arrêtez de me contacter]. [Pas intéressé.|Je ne suis pas intéressé.]",
        "[Désinscription svp|Désinscription merci]",
        "[Je veux être retiré|Retirez-moi] de [cette liste|la liste]. [Merci.|Maintenant.]",
        "[Ajoutez-moi à votre liste d'opposition|Je ne veux plus recevoir vos communications], [merci|svp].",
    ],
    "out_of_office": [
        "[Je suis absent du bureau|Je suis absente] jusqu'au {return}. [Je n'aurai pas accès à mes mails.|Mes e-mails ne seront pas consultés.]",
        "[Je suis en RTT|Je suis en repos] et [reviens|serai de retour] le {return}. [Je vous répondrai à ce moment-là.|Réponse à mon retour.]",
        "[Je suis en déplacement professionnel|Je suis en formation] et [rentre|serai de retour] le {return}.",
        "[Je suis actuellement absent|Actuellement absente] [pour congés|en congé]. [Je vous répondrai|Je reviendrai vers vous] dès que possible.",
        "[Le cabinet est fermé|Nos bureaux sont fermés] [pour le jour férié|cette semaine] et [rouvrent|rouvriront] le {return}.",
        "[Merci pour votre message.|Merci de votre mail.] [Je suis absent|Je ne suis pas au bureau] [aujourd'hui et demain|cette semaine] [avec un accès limité à mes mails|et consulte mes mails ponctuellement].",
    ],
    "wrong_person": [
        "[Je ne sais pas pourquoi j'ai reçu ce mail|Je ne vois pas pourquoi vous m'écrivez]. [Ce n'est pas mon sujet.|Ce n'est pas mon travail.]",
        "[Je travaille à la facturation|Je suis à la compta|Je suis à l'informatique], [pas aux services généraux|pas aux opérations]. [Je ne peux pas vous aider.|Désolé.]",
        "[Je ne fais plus partie de|J'ai quitté] {company}. [Cette adresse sera bientôt fermée.|Cette boîte va être supprimée.]",
        "[Vous avez écrit à|Vous vous adressez à] [un médecin|un soignant], pas à [l'administration|la direction]. [Je n'achète rien.|Mauvais contact.]",
        "[Je ne suis pas décisionnaire|Ce n'est pas moi qui décide] et je ne [saurais pas vous dire|sais pas] qui [l'est|décide].",
        "[C'est mon adresse personnelle|Ceci est une adresse perso] et je n'ai aucun lien avec {company}.",
    ],
    "auto_reply_other": [
        "[Nous avons bien reçu votre e-mail|Votre e-mail a bien été reçu]. [Ceci est un accusé de réception automatique.|Inutile de répondre.]",
        "[Merci pour votre demande.|Merci de nous avoir contactés.] [Le dossier|La demande] {ticket} [a été enregistré|a été créée]. [Conservez ce numéro.|Rappelez-le dans toute réponse.]",
        "[Cette adresse ne reçoit plus de messages|Les messages envoyés à cette adresse ne sont pas lus]. [Merci d'appeler le cabinet.|Contactez-nous par téléphone.]",
        "[Nous vous rappelons que|Attention :] [cette boîte|cette adresse] est [réservée aux patients|destinée aux patients]. [Les sollicitations commerciales ne sont pas traitées.|Les mails de prospection sont supprimés.]",
        "[La remise au destinataire suivant est retardée|Votre message est en file d'attente] : {me_email}. [Le serveur réessaiera.|Aucune action n'est nécessaire.]",
        "[Merci pour votre e-mail. |][Nous avons beaucoup de retard|Nous sommes en effectif réduit] et [répondrons dès que possible|reviendrons vers vous rapidement].",
    ],
}

# a third round, for the intents the held-out evaluation confused most
EXTRA["interested"] += [
    "[Je suis partant|Nous sommes partants]. [Trouvons un créneau|Calons une date].",
    "[Cela pourrait vraiment nous aider|Ça pourrait régler un vrai problème chez nous]. [On en parle|On s'appelle] [bientôt|cette semaine] ?",
    "[J'ai transmis à mon associé et nous voulons tous les deux|Mon associée et moi aimerions] [vous rencontrer|en savoir plus]. [Mardi nous irait.|Proposez des dates.]",
    "[Bien sûr|Tout à fait], [appelez-moi|contactez-moi] pour [organiser|fixer] un rendez-vous.",
]
EXTRA["question"] += [
    "[J'ai d'abord quelques questions.|Deux ou trois questions.] [Sous-traitez-vous ?|Faites-vous appel à des sous-traitants ?] Qui [contrôle|vérifie] le travail ?",
    "[Pouvez-vous préciser|Pourriez-vous préciser] quels [services|équipements] sont [compris|inclus] dans le prix de base ?",
    "Les produits d'entretien, c'est [vous qui les fournissez|fourni par vous] ou [nous|à notre charge] ?",
    "[Par curiosité,|Petite question :] comment [gérez-vous|traitez-vous] [les DASRI|les déchets à risque infectieux] ?",
]
EXTRA["objection_timing"] += [
    "Nous [venons de lancer|démarrons] [de gros travaux|une fusion], donc [cela devra attendre|il faudra attendre] [jusqu'en {month}|quelques mois].",
    "[Revenez vers moi|Recontactez-moi] [vers|en] {month}. [En ce moment|Pour l'instant] ce n'est pas le bon moment.",
    "[Laissez-moi passer|Une fois passée] [la clôture annuelle|l'audit] et [on en parle|nous en reparlerons]. [Sans doute en {month}.|Disons {month}.]",
    "[Peut-être plus tard|Éventuellement un jour], mais [pas ce trimestre|pas dans les prochains mois].",
]
EXTRA["objection_budget"] += [
    "[Avec plaisir, mais|J'aimerais bien, mais] [l'argent n'est pas là|nous ne pouvons pas le financer] [cette année|en ce moment].",
    "[Le prix est rédhibitoire|Le coût est rédhibitoire] pour [un cabinet comme le nôtre|nous].",
    "[Les dépenses sont gelées|Il y a un gel des dépenses] [dans tout le groupe|dans l'entreprise] [jusqu'en {month}|pour le reste de l'année].",
    "Nous avons déjà [réduit|coupé] [le budget ménage|le budget maintenance] [de 20 %|de moitié] ; [impossible|aucune chance] d'[ajouter|intégrer] [un nouveau contrat|cela].",
]
EXTRA["objection_has_solution"] += [
    "[On est équipés|C'est déjà couvert] [de ce côté|là-dessus] : [notre équipe|nos agents] s'en [charge|occupent].",
    "Nous travaillons avec une [entreprise locale|société du coin] [de confiance|que nous apprécions] et [nous restons avec elle|nous ne changerons pas].",
    "[C'est géré par|Cela relève de] [l'hôpital|le groupe hospitalier auquel nous appartenons].",
    "[Nous payons déjà|Nous avons déjà] [cela|ce type de service] [via|chez] {competitor}.",
]
EXTRA["not_interested"] += [
    "[Aucun intérêt|Zéro intérêt], [merci|désolé].",
    "[Ce n'est pas quelque chose qu'on achèterait|Nous n'achèterions pas cela]. [Bonne chance quand même.|Bonne journée.]",
    "[Je décline|Je vais décliner], [merci|merci d'avoir pensé à nous].",
    "[Non, pas pour nous|Pas pour notre cabinet], [mais merci|merci].",
]
EXTRA["auto_reply_other"] += [
    "[Accusé de réception automatique.|Ceci est un accusé de réception automatique.] [Nous avons reçu votre message|Votre e-mail est bien arrivé] [et vous répondrons|et un membre de l'équipe vous répondra].",
    "[Bonjour !|Bonjour,] [merci pour votre e-mail.|merci de nous avoir écrit.] [Nous répondons en général sous 24h.|Réponse sous un jour ouvré.]",
    "[Votre e-mail n'a pas pu être traité|Nous n'avons pas pu traiter votre e-mail] car cette adresse [n'accepte que|ne reçoit que] [les adressages de patients|les factures].",
    "[Attention : cette boîte n'est pas surveillée.|Boîte non surveillée.] [Pour la facturation, appelez-nous.|Pour les rendez-vous, utilisez le portail patient.]",
]
