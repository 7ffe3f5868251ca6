# ruff: noqa: E501 (one phrasing a line reads and diffs best)
"""More Spanish phrasing families (see phrasings_extra_en for why)."""

EXTRA: dict[str, list[str]] = {
    "interested": [
        "[Merece la pena hablarlo.|Podría estar bien hablar.] [Estoy libre|Tengo hueco] el {weekday} [después de comer|antes de las 10].",
        "[Reserve|Agende] [una demo|una presentación] conmigo y con [la gerente|el responsable de operaciones].",
        "Sí. ¿[Cuál es el siguiente paso|Cómo empezamos|Qué necesita de mí]?",
        "[Quiero un presupuesto|Envíeme una propuesta] para [los dos centros|la clínica principal] y lo [comentamos|vemos] en una llamada.",
        "[Pues sí, buen momento.|La verdad es que sí.] [Llámeme al móvil|Llámame] [a partir de las 3|esta tarde].",
        "[Nos gustaría|Queremos] [saber más|conocer lo que ofrecen]. ¿[Está disponible|Tiene tiempo] el {weekday}?",
    ],
    "question": [
        "¿[Trabajan también con|Atienden también a] [clínicas dentales|centros quirúrgicos] o solo [consultas médicas|clínicas]?",
        "¿[Cuánto saldría|Qué costaría] [un solo centro|una sede] al [mes|año], [más o menos|aproximadamente]?",
        "¿[Dónde están|De dónde son]? ¿Tienen [personal|técnicos] [cerca|en {site}]?",
        "¿[Puedo ver|Podría ver] [un contrato tipo|sus condiciones generales] [antes|primero]?",
        "¿Con [cuántos clientes|cuántas clínicas] trabajan [actualmente|ahora mismo]?",
        "¿[Nos envían|Recibimos] [un informe|el checklist] después de cada visita?",
    ],
    "objection_timing": [
        "[Lo retomamos|Podemos retomarlo] [el año que viene|en {quarter}|después de {month}].",
        "[Todavía no estamos preparados|Aún no es el momento]. [Escríbame|Contacte conmigo] [dentro de unos meses|en primavera].",
        "[Nada hasta|No decidiremos nada hasta] {month}, [cuando|que es cuando] [se renueva el alquiler|se aprueba el presupuesto].",
        "[Prefiero esperar|Preferimos esperar] a que [se calme todo|termine la mudanza]. ¿[Quizás|Qué tal] en {month}?",
        "[Téngame en cuenta|Ténganos en cuenta] [para final de año|para el año que viene], pero [ahora no|no en este momento].",
        "[Esta temporada es una locura|El último trimestre es una locura]. [Escríbame|Vuelva a escribir] [en enero|después de las fiestas].",
    ],
    "objection_budget": [
        "[El problema es el coste|El coste es el problema]. [Tendríamos que recortar otra cosa|No hay de dónde recortar].",
        "No [vamos a gastar|podemos gastar] [ni un euro|nada] en [proveedores nuevos|servicios externos] [este año|ahora].",
        "No [quedan fondos|hay partida] en el presupuesto [de este año|actual].",
        "[El departamento financiero|El director financiero] [ha rechazado|ha dicho que no a] [cualquier|todo] [contrato nuevo|gasto nuevo] [este trimestre|la semana pasada].",
        "[Demasiado caro|Es muy caro] para nosotros, [lo siento|por desgracia]. [Somos una clínica sin ánimo de lucro.|Vamos muy justos.]",
        "[A mitad de precio|Por la mitad] [quizás|lo pensaríamos]. [Así no.|Tal cual, no.]",
    ],
    "objection_has_solution": [
        "[Ya tenemos a alguien|Tenemos a alguien] para [eso|esto] [desde hace años|de siempre]. [No vamos a cambiar.|No pensamos cambiar.]",
        "[La empresa matriz|La central] tiene un contrato [nacional|para todo el grupo] [que lo cubre|para esto].",
        "[Eso lo cubre|Esto lo cubre] [el administrador de la finca|el contrato del propietario].",
        "Tenemos contrato con {competitor} hasta {month} [del año que viene|de 2027].",
        "[Contratamos|Hemos incorporado] a una persona de mantenimiento [a jornada completa|en plantilla] [el año pasado|hace poco], [así que estamos cubiertos|así que no].",
        "[Nuestro proveedor actual|La empresa que tenemos] ya [hace todo eso|cubre todo eso] [y más|de sobra].",
    ],
    "referral": [
        "[Mejor escriba a|Escriba a] {colleague_first} en {ref_email}, que [lleva|gestiona] [los proveedores|esto] [ahora|aquí].",
        "[Añado|He añadido] a {colleague} [a la conversación|en copia] ({ref_email}). {colleague_first}, [¿lo puedes mirar?|te lo paso.]",
        "[Lo mejor es que hable con|Debería hablar con] {colleague}, de [compras|administración]: {ref_email}.",
        "Eso es cosa de {colleague}. [Escríbale|Contacte] a {ref_email}.",
        "[Le paso con|Le derivo a] {colleague}, que [lleva operaciones|gestiona las instalaciones]. Correo: {ref_email}",
        "{colleague} [se encarga de|lleva] [las compras|el mantenimiento] [en la clínica|aquí], [contacte con|hable con] [ella|él].",
    ],
    "not_interested": [
        "[No nos interesa en absoluto|Para nada interesados], gracias.",
        "[Vamos a pasar|Esta vez pasamos], gracias.",
        "[No es algo que necesitemos|No tenemos necesidad de esto]. [Gracias de todas formas.|Un saludo.]",
        "[Creo que no|No creo], [gracias|pero gracias].",
        "[No nos aplica|No es relevante para nosotros]. [Estamos bien así.|Todo bien.]",
        "[Hemos decidido no|Decidimos no] [seguir adelante|externalizar esto]. [Gracias.|Gracias por entenderlo.]",
    ],
    "unsubscribe": [
        "[Eliminen|Borren] [esta dirección|mi correo] de [su base de datos|su sistema|todas sus listas].",
        "[BASTA|Basta]. [No me escriban más.|Ni uno más.]",
        "[Por favor, dejen de contactarme|Dejen de escribirme]. [No me interesa.|No estoy interesado.]",
        "[Baja por favor|Baja, gracias]",
        "[Quiero que me quiten|Quítenme] de [esta lista|la lista]. [Gracias.|Ya.]",
        "[Añádanme a su lista de exclusión|No quiero recibir más comunicaciones], [gracias|por favor].",
    ],
    "out_of_office": [
        "[Estoy fuera de la oficina|Estoy fuera] hasta el {return}. [No tendré acceso al correo.|No revisaré el correo.]",
        "[Estoy de permiso|Estoy disfrutando de unos días libres] y [vuelvo|me incorporo] el {return}. [Le responderé entonces.|Contestaré a mi vuelta.]",
        "[Estoy de viaje de trabajo|Estoy en una formación] y [vuelvo|estaré de vuelta] el {return}.",
        "[En este momento estoy ausente|Ahora mismo no estoy en la oficina] [por vacaciones|de permiso]. [Responderé|Le contestaré] lo antes posible.",
        "[La clínica está cerrada|Nuestra oficina está cerrada] [por festivo|esta semana] y [reabre|volverá a abrir] el {return}.",
        "[Gracias por su correo.|Gracias por escribir.] [Estoy fuera|No estoy] [hoy y mañana|esta semana] [con acceso limitado al correo|y miraré el correo de vez en cuando].",
    ],
    "wrong_person": [
        "[No sé por qué me ha llegado esto|No sé por qué me escribe]. [No llevo ese tema.|No es mi trabajo.]",
        "[Trabajo en facturación|Soy de facturación|Soy de informática], [no de mantenimiento|no de operaciones]. [No puedo ayudarle.|Lo siento.]",
        "[Ya no estoy en|He dejado] {company}. [Esta cuenta se cerrará pronto.|Este buzón se va a dar de baja.]",
        "[Ha escrito a|Se ha dirigido a] [un médico|personal sanitario], no a [administración|la gerencia]. [Yo no compro nada.|Contacto equivocado.]",
        "[No soy quien decide|Yo no tomo estas decisiones] y no [sabría decirle|tengo ni idea de] quién [lo hace|es].",
        "[Este es mi correo personal|Esta es una cuenta personal] y no tengo relación con {company}.",
    ],
    "auto_reply_other": [
        "[Hemos recibido su correo|Su correo ha sido recibido]. [Esta es una confirmación automática.|No es necesario responder.]",
        "[Gracias por su consulta.|Gracias por contactarnos.] [El caso|La solicitud] {ticket} [ha quedado registrada|se ha creado]. [Guarde este número.|Indíquelo en cualquier respuesta.]",
        "[Esta dirección ya no recibe correos|Los correos a esta dirección no se leen]. [Llame a la clínica.|Contacte por teléfono.]",
        "[Le recordamos que|Tenga en cuenta que] [este buzón|esta dirección] es [solo para pacientes|exclusivo para pacientes]. [No se atienden correos comerciales.|Los correos de proveedores se eliminan.]",
        "[La entrega a este destinatario se ha retrasado|Su mensaje está en cola]: {me_email}. [El servidor seguirá intentándolo.|No es necesario hacer nada.]",
        "[Gracias por su correo. |][Tenemos mucho trabajo acumulado|Estamos con poco personal] y [responderemos lo antes posible|le contestaremos pronto].",
    ],
}

# a third round, for the intents the held-out evaluation confused most
EXTRA["interested"] += [
    "[Cuente conmigo|Cuenten con nosotros]. [Busquemos un hueco|Fijemos una fecha].",
    "[Esto nos podría ayudar mucho|Esto podría resolvernos un problema real]. ¿[Hablamos|Lo vemos] [pronto|esta semana]?",
    "[Se lo he pasado a mi socio y los dos queremos|Mi socia y yo queremos] [reunirnos|saber más]. [El martes nos va bien.|Mándenos opciones.]",
    "[Por supuesto|Desde luego], [llámeme|contacte conmigo] para [concretar|fijar] una reunión.",
]
EXTRA["question"] += [
    "[Antes tengo algunas dudas.|Un par de preguntas.] ¿[Subcontratan|Trabajan con subcontratas]? ¿Quién [supervisa|revisa] el trabajo?",
    "¿[Me puede aclarar|Podría aclararme] qué [servicios|equipos] [entran|están incluidos] en el precio base?",
    "¿Los productos de limpieza los [ponen ustedes|aportan ustedes] o [nosotros|los ponemos nosotros]?",
    "[Por curiosidad,|Una duda:] ¿cómo [gestionan|tratan] [los residuos biosanitarios|los objetos punzantes]?",
]
EXTRA["objection_timing"] += [
    "[Acabamos de empezar|Estamos empezando] [una reforma grande|una fusión], así que [esto tendrá que esperar|habrá que esperar] [hasta {month}|unos meses].",
    "[Vuelva a escribirme|Contacte de nuevo] [hacia|en] {month}. [Ahora mismo|En este momento] no es buen momento.",
    "[Cuando pase|Déjeme pasar] [el cierre del año|la auditoría] y [lo hablamos|hablamos]. [Seguramente en {month}.|Digamos {month}.]",
    "[Quizás más adelante|A lo mejor en el futuro], pero [no este trimestre|no en los próximos meses].",
]
EXTRA["objection_budget"] += [
    "[Nos encantaría, pero|Me gustaría, pero] [no hay dinero|no lo podemos pagar] [este año|ahora mismo].",
    "[El precio nos echa para atrás|El coste es un impedimento] para [una clínica como la nuestra|nosotros].",
    "[El gasto está congelado|Hay congelación de gasto] [en todo el grupo|en la empresa] [hasta {month}|el resto del año].",
    "[Ya hemos recortado|Hemos recortado] [el presupuesto de limpieza|el presupuesto de mantenimiento] [un 20%|a la mitad]; [imposible|no hay forma de] [añadir|meter] [un contrato nuevo|esto].",
]
EXTRA["objection_has_solution"] += [
    "[Estamos servidos|Lo tenemos cubierto] [en ese tema|con eso]: [nuestro equipo|nuestra gente] se [encarga|ocupa].",
    "[Trabajamos con|Tenemos] una [empresa local|empresa de la zona] [de confianza|que nos gusta mucho] y [seguiremos con ella|no vamos a cambiar].",
    "[Eso ya lo gestiona|Eso lo lleva] [el hospital|el grupo sanitario al que pertenecemos].",
    "[Ya pagamos|Ya tenemos contratado] [esto|un servicio así] [con|a través de] {competitor}.",
]
EXTRA["not_interested"] += [
    "[Ningún interés|Cero interés], [gracias|lo siento].",
    "[No es algo que vayamos a comprar|No lo compraríamos]. [Suerte de todos modos.|Un saludo.]",
    "[Declino|Voy a declinar], [gracias|gracias por pensar en nosotros].",
    "[Que no, no es para nosotros|No para nuestra clínica], [pero gracias|gracias].",
]
EXTRA["auto_reply_other"] += [
    "[Acuse de recibo automático.|Este es un acuse de recibo automático.] [Hemos recibido su mensaje|Su correo ha llegado correctamente] [y le contestaremos|y alguien del equipo le responderá].",
    "[¡Hola!|Hola,] [gracias por su correo.|gracias por escribirnos.] [Solemos responder en un día.|Le contestaremos en un día laborable.]",
    "[No hemos podido tramitar su correo|Su correo no se ha podido procesar] porque esta dirección solo [acepta|admite] [derivaciones de pacientes|facturas].",
    "[Aviso: este buzón no se supervisa.|Este buzón no está supervisado.] [Para facturación, llámenos.|Para citas, use el portal del paciente.]",
]
