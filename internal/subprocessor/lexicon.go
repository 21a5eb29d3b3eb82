package subprocessor

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The header lexicon: what the words of a column header mean, in the languages subprocessor
// pages are written in. A header is read as a phrase whose head decides its meaning (see
// headerMeaning): "data storage country" is a location, "categories of data subjects" names
// people, not data, and "purpose of processing" is "processing purpose".

// Pseudo-roles a header can have besides the column roles: words that say a column is none
// of them, or that the table is no subprocessor table at all.
const (
	roleNone     = "none"     // a known column that is no role: retention, compliance, notes
	roleSubjects = "subjects" // categories of data subjects: people, not data
	roleCookie   = "cookie"   // a cookie table
	roleDate     = "date"     // a bare date column (a change history, with roleChange)
	roleChange   = "change"   // what changed (a change history)
	roleGeneric  = "generic"  // categories, types, description: the phrase after it decides
	roleDocument = "document" // a document index
	// roleController is the controller of the processing: a table of who controls and who
	// processes what, not a list of vendors.
	roleController = "controller"
)

// headOrder says where a language puts the head of a noun phrase: English, German, Dutch,
// Swedish, Korean and Japanese put it last ("processing purpose", "Verarbeitungszweck",
// "위탁 업무"); French, Spanish, Italian, Portuguese, Czech and Polish put it first
// ("finalité du traitement", "cel przetwarzania").
type headOrder int

const (
	headLast headOrder = iota
	headFirst
)

// lexEntry is one phrase of the lexicon. A phrase of several words matches those words in a
// row. suffix matches a word that ends in the phrase (German, Dutch and Swedish compounds:
// "Verarbeitungszweck" ends in "zweck"); CJK phrases match anywhere in the header.
type lexEntry struct {
	phrase string
	role   string
	weight float64
	lang   string
	suffix bool
}

func (e lexEntry) order() headOrder {
	switch e.lang {
	case "fr", "es", "it", "pt", "cs", "pl":
		return headFirst
	}
	return headLast
}

// lexicon lists the phrases. Weights: 3 for a word that says the role outright ("purpose",
// "Zweck", "finalité"), 2 for a common but looser one ("service", "activity"), 1 for a weak
// hint ("type", "use").
var lexicon = []lexEntry{
	// English.
	{"name", RoleName, 3, "en", false}, {"entity", RoleName, 2.5, "en", false},
	{"legal entity", RoleName, 3, "en", false}, {"subprocessor", RoleName, 3, "en", false},
	{"subprocessors", RoleName, 3, "en", false}, {"sub processor", RoleName, 3, "en", false},
	{"sub processors", RoleName, 3, "en", false}, {"processor", RoleName, 2.5, "en", false},
	{"processors", RoleName, 2.5, "en", false}, {"vendor", RoleName, 3, "en", false},
	{"vendors", RoleName, 3, "en", false}, {"supplier", RoleName, 3, "en", false},
	{"suppliers", RoleName, 3, "en", false}, {"provider", RoleName, 2.5, "en", false},
	{"providers", RoleName, 2.5, "en", false}, {"service provider", RoleName, 3, "en", false},
	{"company", RoleName, 2.5, "en", false}, {"third party", RoleName, 2.5, "en", false},
	{"third parties", RoleName, 2.5, "en", false}, {"affiliate", RoleName, 2.5, "en", false},
	{"partner", RoleName, 2, "en", false}, {"recipient", RoleName, 2, "en", false},
	{"organisation", RoleName, 2, "en", false}, {"organization", RoleName, 2, "en", false},
	{"contractor", RoleName, 2.5, "en", false}, {"subcontractor", RoleName, 3, "en", false},
	{"sub contractor", RoleName, 3, "en", false}, {"tool", RoleName, 1.5, "en", false},
	{"platform", RoleName, 1, "en", false},

	{"purpose", RolePurpose, 3, "en", false}, {"purposes", RolePurpose, 3, "en", false},
	{"function", RolePurpose, 2.5, "en", false}, {"service", RolePurpose, 2, "en", false},
	{"services", RolePurpose, 2, "en", false}, {"service provided", RolePurpose, 2.5, "en", false},
	{"services provided", RolePurpose, 2.5, "en", false}, {"activity", RolePurpose, 2.5, "en", false},
	{"activities", RolePurpose, 2.5, "en", false}, {"processing", RolePurpose, 1.5, "en", false},
	{"processing activity", RolePurpose, 3, "en", false}, {"description", RolePurpose, 2, "en", false},
	{"use", RolePurpose, 2, "en", false}, {"usage", RolePurpose, 1.5, "en", false},
	{"use case", RolePurpose, 2, "en", false}, {"role", RolePurpose, 1.8, "en", false},
	{"task", RolePurpose, 2, "en", false}, {"reason", RolePurpose, 2, "en", false},
	{"what they do", RolePurpose, 2.5, "en", false}, {"nature of processing", RolePurpose, 3, "en", false},
	{"nature of the processing", RolePurpose, 3, "en", false}, {"description of processing", RolePurpose, 3, "en", false},
	{"description of services", RolePurpose, 3, "en", false}, {"type of service", RolePurpose, 2.5, "en", false},
	{"purpose of processing", RolePurpose, 3, "en", false}, {"categories of data", RoleData, 3, "en", false},
	{"name of subprocessor", RoleName, 3, "en", false}, {"location of processing", RoleLocation, 3, "en", false}, {"used for", RolePurpose, 2.5, "en", false},
	{"scope", RolePurpose, 1.5, "en", false},

	{"data", RoleData, 2.5, "en", false}, {"personal data", RoleData, 3, "en", false},
	{"customer data", RoleData, 2.5, "en", false}, {"personal information", RoleData, 3, "en", false},
	{"information", RoleData, 0.5, "en", false},

	{"location", RoleLocation, 3, "en", false}, {"locations", RoleLocation, 3, "en", false},
	{"country", RoleLocation, 3, "en", false}, {"countries", RoleLocation, 3, "en", false},
	{"region", RoleLocation, 3, "en", false}, {"regions", RoleLocation, 3, "en", false},
	{"headquarters", RoleLocation, 2.5, "en", false}, {"where", RoleLocation, 2, "en", false},
	{"jurisdiction", RoleLocation, 2.5, "en", false}, {"place", RoleLocation, 2, "en", false},
	{"address", RoleLocation, 2, "en", false}, {"hosting", RoleLocation, 1, "en", false},
	{"data center", RoleLocation, 2.5, "en", false}, {"data centre", RoleLocation, 2.5, "en", false},
	{"residency", RoleLocation, 2.5, "en", false},

	{"link", RoleLinks, 2.5, "en", false}, {"links", RoleLinks, 2.5, "en", false},
	{"url", RoleLinks, 2.5, "en", false}, {"urls", RoleLinks, 2.5, "en", false},
	{"website", RoleLinks, 2.5, "en", false}, {"web site", RoleLinks, 2.5, "en", false},
	{"privacy", RoleLinks, 2, "en", false}, {"privacy policy", RoleLinks, 2.5, "en", false},
	{"privacy statement", RoleLinks, 2.5, "en", false}, {"privacy notice", RoleLinks, 2.5, "en", false},
	{"dpa", RoleLinks, 2.5, "en", false}, {"terms", RoleLinks, 2, "en", false},
	{"agreement", RoleLinks, 2, "en", false}, {"addendum", RoleLinks, 2, "en", false},
	{"resources", RoleLinks, 2, "en", false}, {"more information", RoleLinks, 2, "en", false},
	{"details", RoleLinks, 1.5, "en", false}, {"security", RoleLinks, 1, "en", false},
	{"documentation", RoleLinks, 2, "en", false}, {"contact", RoleLinks, 1, "en", false},

	{"transfer", RoleTransfer, 2.5, "en", false}, {"transfers", RoleTransfer, 2.5, "en", false},
	{"transfer mechanism", RoleTransfer, 3, "en", false}, {"safeguards", RoleTransfer, 2.5, "en", false},
	{"safeguard", RoleTransfer, 2.5, "en", false}, {"mechanism", RoleTransfer, 2, "en", false},
	{"adequacy", RoleTransfer, 2, "en", false}, {"sccs", RoleTransfer, 2.5, "en", false},

	{"effective", RoleEffective, 2.5, "en", false}, {"effective date", RoleEffective, 3, "en", false},
	{"start date", RoleEffective, 3, "en", false}, {"date added", RoleEffective, 3, "en", false},
	{"added", RoleEffective, 2.5, "en", false}, {"since", RoleEffective, 2, "en", false},
	{"added on", RoleEffective, 3, "en", false}, {"effective from", RoleEffective, 3, "en", false},

	{"category", roleGeneric, 1, "en", false}, {"categories", roleGeneric, 1, "en", false},
	{"type", roleGeneric, 1, "en", false}, {"types", roleGeneric, 1, "en", false},
	{"kind", roleGeneric, 1, "en", false}, {"nature", roleGeneric, 1, "en", false},
	{"list", roleGeneric, 1, "en", false}, {"scope", roleGeneric, 1, "en", false},

	{"data subject", roleSubjects, 3, "en", false}, {"data subjects", roleSubjects, 3, "en", false},
	{"subjects", roleSubjects, 2.5, "en", false}, {"individuals", roleSubjects, 2, "en", false},
	{"retention", roleNone, 2.5, "en", false}, {"retention period", roleNone, 3, "en", false},
	{"duration", roleNone, 2.5, "en", false}, {"expiry", roleNone, 2.5, "en", false},
	{"expiration", roleNone, 2.5, "en", false}, {"compliance", roleNone, 2, "en", false},
	{"certification", roleNone, 2, "en", false}, {"certifications", roleNone, 2, "en", false},
	{"notes", roleNone, 2, "en", false}, {"note", roleNone, 2, "en", false},
	{"comments", roleNone, 2, "en", false}, {"status", roleNone, 2, "en", false},
	{"sensitivity", roleNone, 2, "en", false}, {"strategy", roleNone, 2, "en", false},
	{"cookie", roleCookie, 3, "en", false}, {"cookies", roleCookie, 3, "en", false},
	{"cookie name", roleCookie, 3, "en", false},
	{"date", roleDate, 2, "en", false}, {"version", roleChange, 2, "en", false},
	{"change", roleChange, 2.5, "en", false}, {"changes", roleChange, 2.5, "en", false},
	{"revision", roleChange, 2.5, "en", false}, {"document", roleDocument, 2.5, "en", false},
	{"documents", roleDocument, 2.5, "en", false}, {"policy", roleDocument, 1.5, "en", false},

	{"controller", roleController, 3, "en", false}, {"data controller", roleController, 3, "en", false},
	{"klasse", roleGeneric, 1, "da", true}, {"class", roleGeneric, 1, "en", false},
	{"training", roleNone, 2, "en", false}, {"access", roleNone, 2, "en", false},
	{"why", RolePurpose, 2, "en", false}, {"service name", RoleName, 2.5, "en", false},
	{"third party service", RoleName, 3, "en", false}, {"third party services", RoleName, 3, "en", false},
	{"third party provider", RoleName, 3, "en", false}, {"third party vendor", RoleName, 3, "en", false},
	{"external service", RoleName, 2.5, "en", false}, {"vendor name", RoleName, 3, "en", false},
	{"hq", RoleLocation, 2.5, "en", false}, {"office", RoleLocation, 2, "en", false},
	{"product", RolePurpose, 1, "en", false}, {"features", RolePurpose, 1.5, "en", false},
	{"feature", RolePurpose, 1.5, "en", false}, {"measures", roleNone, 2, "en", false},
	{"additional information", roleNone, 2, "en", false}, {"remarks", roleNone, 2, "en", false},

	// German.
	{"name", RoleName, 3, "de", true}, {"firma", RoleName, 3, "de", true},
	{"unternehmen", RoleName, 2.5, "de", true}, {"anbieter", RoleName, 3, "de", true},
	{"dienstleister", RoleName, 3, "de", true}, {"auftragsverarbeiter", RoleName, 3, "de", true},
	{"auftragnehmer", RoleName, 3, "de", true}, {"lieferant", RoleName, 2.5, "de", true},
	{"empfänger", RoleName, 2, "de", true}, {"partner", RoleName, 2, "de", true},
	{"zweck", RolePurpose, 3, "de", true}, {"zwecke", RolePurpose, 3, "de", true},
	{"aufgabe", RolePurpose, 3, "de", true}, {"tätigkeit", RolePurpose, 2.5, "de", true},
	{"leistung", RolePurpose, 2.5, "de", true}, {"dienst", RolePurpose, 2, "de", true},
	{"verarbeitung", RolePurpose, 1.5, "de", true}, {"beschreibung", RolePurpose, 2, "de", true},
	{"funktion", RolePurpose, 2.5, "de", true}, {"einsatz", RolePurpose, 2, "de", true},
	{"daten", RoleData, 2.5, "de", true}, {"datenkategorien", RoleData, 3, "de", true},
	{"standort", RoleLocation, 3, "de", true}, {"sitz", RoleLocation, 2.5, "de", true},
	{"land", RoleLocation, 3, "de", true}, {"länder", RoleLocation, 3, "de", true},
	{"ort", RoleLocation, 3, "de", false}, {"region", RoleLocation, 3, "de", true},
	{"verarbeitungsort", RoleLocation, 3, "de", true}, {"serverstandort", RoleLocation, 3, "de", true},
	{"anschrift", RoleLocation, 2, "de", true}, {"adresse", RoleLocation, 2, "de", true},
	{"transfer", RoleTransfer, 2.5, "de", true}, {"garantien", RoleTransfer, 2.5, "de", true},
	{"übermittlung", RoleTransfer, 2, "de", true}, {"datenschutzerklärung", RoleLinks, 2.5, "de", true},
	{"webseite", RoleLinks, 2.5, "de", true}, {"website", RoleLinks, 2.5, "de", true},
	{"kategorie", roleGeneric, 1, "de", true}, {"kategorien", roleGeneric, 1, "de", true},
	{"art", roleGeneric, 1, "de", false}, {"betroffene", roleSubjects, 3, "de", true},
	{"betroffenen", roleSubjects, 3, "de", true}, {"speicherdauer", roleNone, 3, "de", true},
	{"dauer", roleNone, 2.5, "de", true}, {"strategie", roleNone, 2, "de", true},
	{"gültig ab", RoleEffective, 3, "de", false}, {"seit", RoleEffective, 2, "de", false},
	{"datum", roleDate, 2, "de", true}, {"änderung", roleChange, 2.5, "de", true},

	{"unterauftragsverhältnis", RoleName, 3, "de", true}, {"unterauftragsverhältnisse", RoleName, 3, "de", true},
	{"subunternehmer", RoleName, 3, "de", true}, {"rolle", RolePurpose, 2, "de", true},
	{"typ", roleGeneric, 1, "de", false}, {"hinweis", roleNone, 2, "de", true},
	{"bemerkung", roleNone, 2, "de", true}, {"bemerkungen", roleNone, 2, "de", true},

	// French.
	{"nom", RoleName, 3, "fr", false}, {"sous traitant", RoleName, 3, "fr", false},
	{"sous traitants", RoleName, 3, "fr", false}, {"sous traitant ultérieur", RoleName, 3, "fr", false},
	{"entité", RoleName, 2.5, "fr", false}, {"société", RoleName, 2.5, "fr", false},
	{"fournisseur", RoleName, 3, "fr", false}, {"prestataire", RoleName, 3, "fr", false},
	{"raison sociale", RoleName, 3, "fr", false}, {"destinataire", RoleName, 2, "fr", false},
	{"finalité", RolePurpose, 3, "fr", false}, {"finalités", RolePurpose, 3, "fr", false},
	{"objet", RolePurpose, 2.5, "fr", false}, {"activité", RolePurpose, 2.5, "fr", false},
	{"activités", RolePurpose, 2.5, "fr", false}, {"service", RolePurpose, 2, "fr", false},
	{"traitement", RolePurpose, 1.5, "fr", false}, {"rôle", RolePurpose, 2, "fr", false},
	{"but", RolePurpose, 2.5, "fr", false}, {"nature", roleGeneric, 1, "fr", false},
	{"données", RoleData, 2.5, "fr", false}, {"données personnelles", RoleData, 3, "fr", false},
	{"localisation", RoleLocation, 3, "fr", false}, {"pays", RoleLocation, 3, "fr", false},
	{"lieu", RoleLocation, 3, "fr", false}, {"siège", RoleLocation, 2.5, "fr", false},
	{"hébergement", RoleLocation, 1.5, "fr", false}, {"adresse", RoleLocation, 2, "fr", false},
	{"garanties", RoleTransfer, 2.5, "fr", false}, {"transfert", RoleTransfer, 2.5, "fr", false},
	{"catégories", roleGeneric, 1, "fr", false}, {"catégorie", roleGeneric, 1, "fr", false},
	{"personnes concernées", roleSubjects, 3, "fr", false}, {"durée", roleNone, 2.5, "fr", false},
	{"lien", RoleLinks, 2.5, "fr", false}, {"liens", RoleLinks, 2.5, "fr", false},
	{"site", RoleLinks, 2, "fr", false}, {"politique de confidentialité", RoleLinks, 2.5, "fr", false},

	{"description", RolePurpose, 2, "fr", false}, {"type", roleGeneric, 1, "fr", false},
	{"mesures", roleNone, 2, "fr", false}, {"entraînement", roleNone, 2, "fr", false},
	{"statut", roleNone, 2, "fr", false},

	// Spanish.
	{"nombre", RoleName, 3, "es", false}, {"subencargado", RoleName, 3, "es", false},
	{"subencargados", RoleName, 3, "es", false}, {"subprocesador", RoleName, 3, "es", false},
	{"subprocesadores", RoleName, 3, "es", false}, {"encargado", RoleName, 2.5, "es", false},
	{"proveedor", RoleName, 3, "es", false}, {"proveedores", RoleName, 3, "es", false},
	{"empresa", RoleName, 2.5, "es", false}, {"entidad", RoleName, 2.5, "es", false},
	{"razón social", RoleName, 3, "es", false}, {"destinatario", RoleName, 2, "es", false},
	{"finalidad", RolePurpose, 3, "es", false}, {"propósito", RolePurpose, 3, "es", false},
	{"servicio", RolePurpose, 2, "es", false}, {"actividad", RolePurpose, 2.5, "es", false},
	{"función", RolePurpose, 2.5, "es", false}, {"uso", RolePurpose, 1.5, "es", false},
	{"tratamiento", RolePurpose, 1.5, "es", false}, {"datos", RoleData, 2.5, "es", false},
	{"ubicación", RoleLocation, 3, "es", false}, {"país", RoleLocation, 3, "es", false},
	{"países", RoleLocation, 3, "es", false}, {"región", RoleLocation, 3, "es", false},
	{"lugar", RoleLocation, 3, "es", false}, {"sede", RoleLocation, 2.5, "es", false},
	{"localización", RoleLocation, 3, "es", false}, {"garantías", RoleTransfer, 2.5, "es", false},
	{"transferencia", RoleTransfer, 2.5, "es", false}, {"categorías", roleGeneric, 1, "es", false},
	{"tipo", roleGeneric, 1, "es", false}, {"interesados", roleSubjects, 3, "es", false},
	{"duración", roleNone, 2.5, "es", false}, {"enlace", RoleLinks, 2.5, "es", false},
	{"sitio web", RoleLinks, 2.5, "es", false},

	{"descripción", RolePurpose, 2, "es", false}, {"categoría", roleGeneric, 1, "es", false},
	{"servicio prestado", RolePurpose, 2.5, "es", false}, {"garantías adecuadas", RoleTransfer, 3, "es", false},

	// Italian.
	{"nome", RoleName, 3, "it", false}, {"fornitore", RoleName, 3, "it", false},
	{"fornitori", RoleName, 3, "it", false}, {"sub responsabile", RoleName, 3, "it", false},
	{"sub responsabili", RoleName, 3, "it", false}, {"subresponsabile", RoleName, 3, "it", false},
	{"responsabile", RoleName, 2.5, "it", false}, {"società", RoleName, 2.5, "it", false},
	{"ragione sociale", RoleName, 3, "it", false}, {"azienda", RoleName, 2.5, "it", false},
	{"finalità", RolePurpose, 3, "it", false}, {"scopo", RolePurpose, 3, "it", false},
	{"servizio", RolePurpose, 2, "it", false}, {"attività", RolePurpose, 2.5, "it", false},
	{"trattamento", RolePurpose, 1.5, "it", false}, {"dati", RoleData, 2.5, "it", false},
	{"sede", RoleLocation, 2.5, "it", false}, {"paese", RoleLocation, 3, "it", false},
	{"ubicazione", RoleLocation, 3, "it", false}, {"luogo", RoleLocation, 3, "it", false},
	{"localizzazione", RoleLocation, 3, "it", false}, {"categorie", roleGeneric, 1, "it", false},
	{"interessati", roleSubjects, 3, "it", false}, {"durata", roleNone, 2.5, "it", false},

	{"descrizione", RolePurpose, 2, "it", false}, {"tipologia", roleGeneric, 1, "it", false},
	{"tipo", roleGeneric, 1, "it", false}, {"nominativo", RoleName, 3, "it", false},
	{"denominazione", RoleName, 3, "it", false}, {"trasferimento", RoleTransfer, 2.5, "it", false},
	{"garanzie", RoleTransfer, 2.5, "it", false}, {"sub fornitore", RoleName, 3, "it", false},

	// Portuguese.
	{"nome", RoleName, 3, "pt", false}, {"fornecedor", RoleName, 3, "pt", false},
	{"fornecedores", RoleName, 3, "pt", false}, {"suboperador", RoleName, 3, "pt", false},
	{"suboperadores", RoleName, 3, "pt", false}, {"subprocessador", RoleName, 3, "pt", false},
	{"subprocessadores", RoleName, 3, "pt", false}, {"subcontratante", RoleName, 3, "pt", false},
	{"sub responsável", RoleName, 3, "pt", false}, {"operador", RoleName, 2.5, "pt", false},
	{"entidade", RoleName, 2.5, "pt", false}, {"finalidade", RolePurpose, 3, "pt", false},
	{"serviço", RolePurpose, 2, "pt", false}, {"atividade", RolePurpose, 2.5, "pt", false},
	{"dados", RoleData, 2.5, "pt", false}, {"localização", RoleLocation, 3, "pt", false},
	{"local", RoleLocation, 2.5, "pt", false}, {"país", RoleLocation, 3, "pt", false},
	{"titulares", roleSubjects, 3, "pt", false}, {"duração", roleNone, 2.5, "pt", false},

	{"descrição", RolePurpose, 2, "pt", false}, {"tipo", roleGeneric, 1, "pt", false},
	{"categorias", roleGeneric, 1, "pt", false}, {"subcontratado", RoleName, 3, "pt", false},
	{"subcontratada", RoleName, 3, "pt", false}, {"razão social", RoleName, 3, "pt", false},
	{"empresa", RoleName, 2.5, "pt", false}, {"transferência", RoleTransfer, 2.5, "pt", false},
	{"garantias", RoleTransfer, 2.5, "pt", false}, {"função", RolePurpose, 2.5, "pt", false},
	{"papel", RolePurpose, 2, "pt", false}, {"região", RoleLocation, 3, "pt", false},
	{"dado", RoleData, 2.5, "pt", false}, {"uso", RolePurpose, 1.5, "pt", false}, {"propósito", RolePurpose, 3, "pt", false},

	// Dutch.
	{"naam", RoleName, 3, "nl", true}, {"subverwerker", RoleName, 3, "nl", true},
	{"subverwerkers", RoleName, 3, "nl", true}, {"verwerker", RoleName, 2.5, "nl", true},
	{"leverancier", RoleName, 3, "nl", true}, {"bedrijf", RoleName, 2.5, "nl", true},
	{"partij", RoleName, 2.5, "nl", true}, {"doel", RolePurpose, 3, "nl", true},
	{"doeleinden", RolePurpose, 3, "nl", true}, {"waarvoor", RolePurpose, 3, "nl", false},
	{"dienst", RolePurpose, 2, "nl", true}, {"taak", RolePurpose, 2, "nl", true},
	{"gegevens", RoleData, 2.5, "nl", true}, {"locatie", RoleLocation, 3, "nl", true},
	{"regio", RoleLocation, 3, "nl", true}, {"land", RoleLocation, 3, "nl", true},
	{"vestiging", RoleLocation, 2.5, "nl", true}, {"betrokkenen", roleSubjects, 3, "nl", true},
	{"bewaartermijn", roleNone, 3, "nl", true},

	{"functie", RolePurpose, 2.5, "nl", true}, {"rol", RolePurpose, 2, "nl", false},
	{"omschrijving", RolePurpose, 2, "nl", true}, {"categorie", roleGeneric, 1, "nl", false},
	{"soort", roleGeneric, 1, "nl", false}, {"doorgifte", RoleTransfer, 2.5, "nl", true},
	{"waarborgen", RoleTransfer, 2.5, "nl", true}, {"opmerking", roleNone, 2, "nl", true},
	{"opmerkingen", roleNone, 2, "nl", true},

	// Swedish.
	{"namn", RoleName, 3, "sv", true}, {"underbiträde", RoleName, 3, "sv", true},
	{"underbiträden", RoleName, 3, "sv", true}, {"biträde", RoleName, 2.5, "sv", true},
	{"leverantör", RoleName, 3, "sv", true}, {"företag", RoleName, 2.5, "sv", true},
	{"syfte", RolePurpose, 3, "sv", true}, {"ändamål", RolePurpose, 3, "sv", true},
	{"tjänst", RolePurpose, 2, "sv", true}, {"behandling", RolePurpose, 1.5, "sv", true},
	{"personuppgifter", RoleData, 3, "sv", true}, {"personuppgiftsbiträde", RoleName, 3, "sv", true}, {"uppgifter", RoleData, 2.5, "sv", true},
	{"plats", RoleLocation, 3, "sv", true}, {"placering", RoleLocation, 3, "sv", true},
	{"land", RoleLocation, 3, "sv", true}, {"registrerade", roleSubjects, 3, "sv", true},

	{"typ", roleGeneric, 1, "sv", false}, {"roll", RolePurpose, 2, "sv", false},
	{"beskrivning", RolePurpose, 2, "sv", true}, {"kategorier", roleGeneric, 1, "sv", false},
	{"säte", RoleLocation, 2.5, "sv", false}, {"överföring", RoleTransfer, 2.5, "sv", true},
	{"skyddsåtgärder", RoleTransfer, 2.5, "sv", true}, {"skyddsåtgärd", RoleTransfer, 2.5, "sv", true},

	// Czech.
	{"název", RoleName, 3, "cs", false}, {"jméno", RoleName, 3, "cs", false},
	{"zpracovatel", RoleName, 2.5, "cs", false}, {"subzpracovatel", RoleName, 3, "cs", false},
	{"dodavatel", RoleName, 3, "cs", false}, {"poddodavatel", RoleName, 3, "cs", false},
	{"společnost", RoleName, 2.5, "cs", false}, {"účel", RolePurpose, 3, "cs", false},
	{"služba", RolePurpose, 2, "cs", false}, {"činnost", RolePurpose, 2.5, "cs", false},
	{"údaje", RoleData, 2.5, "cs", false}, {"osobní údaje", RoleData, 3, "cs", false},
	{"umístění", RoleLocation, 3, "cs", false}, {"země", RoleLocation, 3, "cs", false},
	{"sídlo", RoleLocation, 2.5, "cs", false}, {"subjekty údajů", roleSubjects, 3, "cs", false},

	{"popis", RolePurpose, 2, "cs", false}, {"typ", roleGeneric, 1, "cs", false},
	{"kategorie", roleGeneric, 1, "cs", false}, {"stát", RoleLocation, 3, "cs", false},
	{"místo", RoleLocation, 3, "cs", false}, {"předávání", RoleTransfer, 2.5, "cs", false},
	{"záruky", RoleTransfer, 2.5, "cs", false}, {"region", RoleLocation, 3, "cs", false},

	// Polish.
	{"nazwa", RoleName, 3, "pl", false}, {"podmiot", RoleName, 2.5, "pl", false},
	{"podprzetwarzający", RoleName, 3, "pl", false}, {"podprocesor", RoleName, 3, "pl", false},
	{"dostawca", RoleName, 3, "pl", false}, {"firma", RoleName, 2.5, "pl", false},
	{"odbiorca", RoleName, 2, "pl", false}, {"cel", RolePurpose, 3, "pl", false},
	{"usługa", RolePurpose, 2, "pl", false}, {"zakres", RolePurpose, 2, "pl", false},
	{"dane", RoleData, 2.5, "pl", false}, {"kategorie danych", RoleData, 3, "pl", false},
	{"lokalizacja", RoleLocation, 3, "pl", false}, {"kraj", RoleLocation, 3, "pl", false},
	{"siedziba", RoleLocation, 2.5, "pl", false}, {"miejsce", RoleLocation, 3, "pl", false},
	{"kategorie", roleGeneric, 1, "pl", false},

	{"opis", RolePurpose, 2, "pl", false}, {"rodzaj", roleGeneric, 1, "pl", false},
	{"kategoria", roleGeneric, 1, "pl", false}, {"zakres danych", RoleData, 3, "pl", false},
	{"państwo", RoleLocation, 3, "pl", false}, {"podstawa", RoleTransfer, 2, "pl", false},
	{"nazwa podmiotu", RoleName, 3, "pl", false}, {"region", RoleLocation, 3, "pl", false},

	// Danish and Norwegian.
	{"underdatabehandler", RoleName, 3, "da", true}, {"underdatabehandlere", RoleName, 3, "da", true},
	{"databehandler", RoleName, 2.5, "da", true}, {"leverandør", RoleName, 3, "da", true},
	{"navn", RoleName, 3, "da", true}, {"underleverandør", RoleName, 3, "da", true},
	{"formål", RolePurpose, 3, "da", true}, {"tjeneste", RolePurpose, 2, "da", true},
	{"ydelse", RolePurpose, 2.5, "da", true}, {"karakter", RolePurpose, 2.5, "da", true},
	{"beskrivelse", RolePurpose, 2, "da", true}, {"lokation", RoleLocation, 3, "da", true},
	{"lokasjon", RoleLocation, 3, "da", true}, {"placering", RoleLocation, 3, "da", true},
	{"plassering", RoleLocation, 3, "da", true}, {"domicil", RoleLocation, 2.5, "da", true},
	{"hjemsted", RoleLocation, 2.5, "da", true}, {"overførselsgrundlag", RoleTransfer, 3, "da", true},
	{"overføringsgrunnlag", RoleTransfer, 3, "da", true}, {"overførsel", RoleTransfer, 2.5, "da", true},
	{"overføring", RoleTransfer, 2.5, "da", true}, {"foranstaltninger", RoleTransfer, 2, "da", true},
	{"personoplysninger", RoleData, 3, "da", true}, {"personopplysninger", RoleData, 3, "da", true},
	{"oplysninger", RoleData, 2.5, "da", true}, {"opplysninger", RoleData, 2.5, "da", true},
	{"kontakt", roleNone, 2, "da", true}, {"registrerede", roleSubjects, 3, "da", true},

	{"behandlingsansvarlig", roleController, 3, "da", true}, {"dataansvarlig", roleController, 3, "da", true},
	{"verantwortlicher", roleController, 3, "de", true}, {"verantwortliche", roleController, 3, "de", true},
	{"verwerkingsverantwoordelijke", roleController, 3, "nl", true}, {"personuppgiftsansvarig", roleController, 3, "sv", true},
	{"responsable du traitement", roleController, 3, "fr", false}, {"responsable del tratamiento", roleController, 3, "es", false},
	{"titolare", roleController, 3, "it", false}, {"controlador", roleController, 3, "pt", false},
	{"administrator", roleController, 2.5, "pl", false}, {"správce", roleController, 3, "cs", false},

	// Finnish.
	{"alihankkija", RoleName, 3, "fi", true}, {"käsittelijä", RoleName, 2.5, "fi", true},
	{"toimittaja", RoleName, 3, "fi", true}, {"nimi", RoleName, 3, "fi", true},
	{"tarkoitus", RolePurpose, 3, "fi", true}, {"palvelu", RolePurpose, 2, "fi", true},
	{"sijainti", RoleLocation, 3, "fi", true}, {"maa", RoleLocation, 3, "fi", false},
	{"henkilötiedot", RoleData, 3, "fi", true}, {"tiedot", RoleData, 2.5, "fi", true},

	// Korean.
	{"업체명", RoleName, 3, "ko", false}, {"회사명", RoleName, 3, "ko", false},
	{"업체", RoleName, 2.5, "ko", false}, {"수탁자", RoleName, 3, "ko", false},
	{"수탁업체", RoleName, 3, "ko", false}, {"수탁사", RoleName, 3, "ko", false},
	{"받는 자", RoleName, 3, "ko", false}, {"받는자", RoleName, 3, "ko", false},
	{"명칭", RoleName, 3, "ko", false}, {"위탁 업무", RolePurpose, 3, "ko", false},
	{"업무", RolePurpose, 2.5, "ko", false}, {"목적", RolePurpose, 3, "ko", false},
	{"국가", RoleLocation, 3, "ko", false}, {"위치", RoleLocation, 3, "ko", false},
	{"소재지", RoleLocation, 3, "ko", false}, {"항목", RoleData, 2.5, "ko", false},
	{"개인정보", RoleData, 2.5, "ko", false}, {"기간", roleNone, 2.5, "ko", false},
	{"날짜", roleDate, 2, "ko", false}, {"일자", roleDate, 2, "ko", false},
	{"변경", roleChange, 2.5, "ko", false},

	{"서비스", RolePurpose, 1.5, "ko", false}, {"내용", RolePurpose, 2, "ko", false},
	{"지역", RoleLocation, 3, "ko", false}, {"데이터", RoleData, 2.5, "ko", false},
	{"보관", RoleLocation, 1, "ko", false},

	// Japanese.
	{"委託先", RoleName, 3, "ja", false}, {"提供先", RoleName, 3, "ja", false},
	{"会社名", RoleName, 3, "ja", false}, {"事業者", RoleName, 2.5, "ja", false},
	{"名称", RoleName, 3, "ja", false}, {"企業名", RoleName, 3, "ja", false},
	{"サブプロセッサ", RoleName, 3, "ja", false}, {"委託業務", RolePurpose, 3, "ja", false},
	{"業務", RolePurpose, 2.5, "ja", false}, {"目的", RolePurpose, 3, "ja", false},
	{"内容", RolePurpose, 2, "ja", false}, {"所在国", RoleLocation, 3, "ja", false},
	{"所在地", RoleLocation, 3, "ja", false}, {"国", RoleLocation, 2.5, "ja", false},
	{"地域", RoleLocation, 3, "ja", false}, {"データ", RoleData, 2.5, "ja", false},
	{"個人データ", RoleData, 3, "ja", false}, {"個人情報", RoleData, 3, "ja", false},
	{"項目", RoleData, 2, "ja", false}, {"期間", roleNone, 2.5, "ja", false},
	{"国名", RoleLocation, 3, "ja", false}, {"情報", RoleData, 2, "ja", false},
	{"データの種類", RoleData, 3, "ja", false}, {"サービス", RolePurpose, 1.5, "ja", false},
	{"用途", RolePurpose, 3, "ja", false}, {"サービス名", RoleName, 2.5, "ja", false},
}

// cutWords start a phrase's complement or a post-modifier: the head is before them
// ("purpose of processing", "data shared with us", "finalité du traitement").
var cutWords = map[string]bool{
	"of": true, "for": true, "with": true, "by": true, "to": true, "in": true, "from": true,
	"on": true, "at": true, "shared": true, "processed": true, "provided": true, "transferred": true,
	"collected": true, "stored": true, "accessed": true, "disclosed": true, "used": true,
	"which": true, "that": true, "we": true,
	"de": true, "du": true, "des": true, "d": true, "del": true, "della": true, "delle": true,
	"dei": true, "di": true, "da": true, "do": true, "dos": true, "das": true, "en": true,
	"à": true, "para": true, "pour": true, "por": true, "per": true, "von": true, "der": true,
	"sur": true, "sobre": true, "su": true, "über": true, "om": true, "o": true, "na": true,
	"van": true, "voor": true, "av": true, "för": true, "med": true, "i": true, "traités": true,
	"traitées": true, "tratados": true, "trattati": true, "verarbeitete": true, "zpracovávaná": true,
}

// processVerbs are the stems of "process", "share", "collect" and "send" in the lexicon's
// languages: "what we share", "was verarbeitet wird", "ce qu'il traite".
var processVerbs = []string{"process", "shar", "collect", "send", "sent", "receiv", "access", "stor",
	"verarbeit", "übermittel", "teil", "trait", "partag", "trata", "compart", "tratt", "condivi",
	"verwerk", "deel", "behandl", "dela", "del", "przetwarz", "udostęp", "zpracov", "sdíl", "käsitel"}

// headerMeaning is what a header says: the role of its head (or of its complement after a
// generic head), the weight of that reading, and the phrase it rests on.
type headerMeaning struct {
	role   string
	weight float64
	phrase string
}

// match is one lexicon phrase found in a header's words, at word index pos (CJK: byte offset).
type match struct {
	e   lexEntry
	pos int
	len int
}

// headerMeaningOf reads a header. A header with no known word has role "". A header of
// parts joined by slashes ("Region / transfer", "Website / Security URL") means what its
// first part with a role means.
func headerMeaningOf(header string) headerMeaning { return meanings.get(header) }

// meanings remembers what headers mean: a run reads the same few headers on every page, and
// a page the same header in every table.
var meanings = newMemo(maxCachedMeanings, maxHeaderBytes, readHeader)

const maxCachedMeanings = 4096

// A header is read from its first maxHeaderWords words, within maxHeaderBytes bytes: no
// lexicon phrase is longer, and a hostile header of megabytes costs what a long one does.
const (
	maxHeaderWords = 16
	maxHeaderBytes = 512
)

func readHeader(header string) headerMeaning {
	if strings.Contains(header, "/") {
		var first headerMeaning
		for part := range strings.SplitSeq(header, "/") {
			m := phraseMeaning(part)
			if isColumnRole(m.role) {
				return m
			}
			if first.role == "" {
				first = m
			}
		}
		return first
	}
	return phraseMeaning(header)
}

// phraseMeaning reads one phrase of a header.
func phraseMeaning(header string) headerMeaning {
	if len(header) > maxHeaderBytes {
		header = header[:maxHeaderBytes] // a header is a few words; a page's must not cost more
	}
	words := strings.Fields(normalizeHeader(header))
	if len(words) > maxHeaderWords {
		words = words[:maxHeaderWords]
	}
	if len(words) == 0 {
		return headerMeaning{}
	}
	// Questions: "Where data is stored" is a place, "Why" and "Pourquoi" a purpose, "What
	// they process" and "Ce qu'il traite" data, whatever the words after.
	switch words[0] {
	case "where", "wo", "où", "dónde", "donde", "dove", "onde", "waar", "var", "hvor", "gdzie", "kde", "missä":
		return headerMeaning{role: RoleLocation, weight: 2.5, phrase: words[0]}
	case "why", "warum", "wozu", "wofür", "pourquoi", "porqué", "perché", "porquê", "waarom", "waarvoor", "varför", "hvorfor", "dlaczego", "proč", "miksi":
		return headerMeaning{role: RolePurpose, weight: 2.5, phrase: words[0]}
	case "what", "was", "ce", "que", "qué", "cosa", "o", "wat", "vad", "hvad", "hva", "co", "mitä":
		for _, w := range words[1:] {
			for _, stem := range processVerbs {
				if strings.HasPrefix(w, stem) {
					return headerMeaning{role: RoleData, weight: 2.5, phrase: words[0] + " … " + w}
				}
			}
		}
	}
	// A phrase of the lexicon that spans a cut word ("nature of processing") reads as a whole.
	all := findMatches(words)
	for _, m := range all {
		if m.pos == 0 && m.len/10 > 1 && m.len/10 == len(words) && !isCJK(m.e.phrase) {
			return headerMeaning{role: m.e.role, weight: m.e.weight, phrase: m.e.phrase}
		}
	}
	cut := len(words)
	for i, w := range words {
		if i > 0 && cutWords[w] {
			cut = i
			break
		}
	}
	head := pickHead(within(all, 0, cut))
	if head == nil {
		// "Data Shared" has its head before the cut; "Used for" has none there: try it all.
		head = pickHead(all)
		if head == nil {
			return headerMeaning{}
		}
	}
	m := headerMeaning{role: head.e.role, weight: head.e.weight, phrase: head.e.phrase}
	if head.e.role == roleGeneric {
		// "categories of personal data", "nature of processing", "types of data": the
		// complement decides; "entity type" and a bare "type" are kinds of service.
		var comp *match
		if cut < len(words) {
			comp = longestMatch(shifted(within(all, cut+1, len(words)), cut+1))
		}
		if w := words[head.pos/1000]; comp == nil && !isCJK(w) && len(w) > len(head.e.phrase) {
			// A compound: "Datenkategorien", "Dataklasse": the word before the head.
			comp = longestMatch(findMatches([]string{strings.TrimSuffix(w, head.e.phrase)}))
			if comp != nil && comp.e.role == RoleName {
				comp = nil
			}
		}
		if comp == nil && cut == len(words) && head.pos > 0 {
			comp = longestMatch(within(all, 0, head.pos/1000))
			if comp != nil && comp.e.role == RoleName {
				comp = nil // "entity type", "vendor category": the kind of vendor
			}
		}
		switch {
		case comp == nil:
			return headerMeaning{role: RolePurpose, weight: 1, phrase: head.e.phrase}
		case comp.e.role == RoleName:
			// "categories of third parties": kinds of recipients, not their names.
			return headerMeaning{role: roleNone, weight: 2, phrase: head.e.phrase + " of " + comp.e.phrase}
		default:
			return headerMeaning{role: comp.e.role, weight: comp.e.weight * 0.9, phrase: head.e.phrase + " of " + comp.e.phrase}
		}
	}
	return m
}

// lexIndex is the lexicon arranged for lookup: single words by word, and the phrases that
// need a scan (several words, compound suffixes, CJK).
type lexIndex struct {
	words  map[string][]lexEntry
	multi  map[string][]multiEntry // by first word
	suffix map[string][]lexEntry   // compound heads, by the suffix they match
	cjk    []lexEntry
	typos  map[int][]typoEntry // single words of six letters or more, by length in runes
}

// multiEntry is a phrase of several words, split once.
type multiEntry struct {
	e     lexEntry
	words []string
}

// typoEntry is a single word with its runes, for oneEditApart.
type typoEntry struct {
	e     lexEntry
	runes []rune
}

var lexiconIndex = sync.OnceValue(func() *lexIndex {
	ix := &lexIndex{words: map[string][]lexEntry{}, multi: map[string][]multiEntry{}, suffix: map[string][]lexEntry{}, typos: map[int][]typoEntry{}}
	for _, e := range lexicon {
		switch {
		case isCJK(e.phrase):
			ix.cjk = append(ix.cjk, e)
		case strings.Contains(e.phrase, " "):
			w := strings.Fields(e.phrase)
			ix.multi[w[0]] = append(ix.multi[w[0]], multiEntry{e, w})
		default:
			ix.words[e.phrase] = append(ix.words[e.phrase], e)
			if e.suffix {
				ix.suffix[e.phrase] = append(ix.suffix[e.phrase], e)
			}
			if r := []rune(e.phrase); len(r) >= 6 {
				ix.typos[len(r)] = append(ix.typos[len(r)], typoEntry{e, r})
			}
		}
	}
	return ix
})

// within are the matches whose words all lie in words[from:to].
func within(ms []match, from, to int) []match {
	var out []match
	for _, m := range ms {
		start := m.pos / 1000
		n := 1
		if !isCJK(m.e.phrase) {
			n = m.len / 10
		}
		if start >= from && start+n <= to {
			out = append(out, m)
		}
	}
	return out
}

// shifted moves matches' positions back by n words, as if found in words[n:].
func shifted(ms []match, n int) []match {
	for i := range ms {
		ms[i].pos -= n * 1000
	}
	return ms
}

// findMatches finds the lexicon's phrases among words (and, for CJK phrases, in their text).
// A word that some phrase matches exactly is not also read as a typo of another.
func findMatches(words []string) []match {
	ix := lexiconIndex()
	var out []match
	exact := make([]bool, len(words))
	for i, w := range words {
		for _, e := range ix.words[w] {
			out = append(out, match{e: e, pos: i * 1000, len: 10})
			exact[i] = true
		}
		for k := range w {
			if k == 0 {
				continue
			}
			for _, e := range ix.suffix[w[k:]] { // every proper suffix that is a compound head
				out = append(out, match{e: e, pos: i * 1000, len: 10})
				exact[i] = true
			}
		}
	}
	for i, w := range words {
		for _, me := range ix.multi[w] {
			if pw := me.words; i+len(pw) <= len(words) && slices.Equal(words[i:i+len(pw)], pw) {
				out = append(out, match{e: me.e, pos: i * 1000, len: len(pw) * 10})
				for j := range pw {
					exact[i+j] = true
				}
			}
		}
	}
	if len(ix.cjk) > 0 && isCJK(strings.Join(words, "")) {
		joined := strings.Join(words, " ")
		for _, e := range ix.cjk {
			if i := strings.Index(joined, e.phrase); i >= 0 {
				// Position in words: count the spaces before the match, then the byte
				// offset within the word breaks ties ("위탁 업무" vs "업무").
				wi := strings.Count(joined[:i], " ")
				out = append(out, match{e: e, pos: wi*1000 + (i - strings.LastIndex(" "+joined[:i], " ")), len: utf8.RuneCountInString(e.phrase)})
			}
		}
	}
	// Typos: "Localtion", "Purpse".
	var wr []rune
	for i, w := range words {
		if exact[i] || len(w) < 5 {
			continue
		}
		wr = append(wr[:0], []rune(w)...)
		for d := -1; d <= 1; d++ {
			for _, te := range ix.typos[len(wr)+d] {
				if oneEditApart(wr, te.runes) {
					m := match{e: te.e, pos: i * 1000, len: 10}
					m.e.weight *= 0.8
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// pickHead chooses the head among a phrase's matches: the longest match at each place
// first, then the last one in a head-last language and the first in a head-first one.
func pickHead(ms []match) *match {
	if len(ms) == 0 {
		return nil
	}
	// Drop matches inside a longer one ("data" in "personal data").
	var kept []match
	for i, m := range ms {
		inside := false
		for j, o := range ms {
			if i != j && o.len > m.len && covers(o, m) {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, m)
		}
	}
	// In German, Dutch and the Nordic languages a weak last word after a strong one is the
	// genitive left without its article: "Standort Verarbeitung" is "Standort der Verarbeitung".
	if n := len(kept); n > 1 {
		var strong, weak *match
		for i := range kept {
			m := &kept[i]
			if m.e.order() != headLast || isCJK(m.e.phrase) || m.e.lang == "en" {
				continue
			}
			if m.e.weight >= 2.5 && (strong == nil || m.pos > strong.pos) {
				strong = m
			}
			if weak == nil || m.pos > weak.pos {
				weak = m
			}
		}
		if strong != nil && weak != nil && weak.pos > strong.pos && weak.e.weight <= 1.5 {
			return strong
		}
	}
	var last, first *match
	for i := range kept {
		m := &kept[i]
		if m.e.order() == headLast {
			if last == nil || m.pos > last.pos || (m.pos == last.pos && m.e.weight > last.e.weight) {
				last = m
			}
		} else if first == nil || m.pos < first.pos || (m.pos == first.pos && m.e.weight > first.e.weight) {
			first = m
		}
	}
	switch {
	case first != nil && last == nil:
		return first
	case last != nil && first == nil:
		return last
	}
	// Both: words shared by languages ("region", "service"). A head-first language's match
	// at the start of the phrase wins; otherwise the last word.
	if first.pos == 0 && last.pos > 0 && !isCJK(last.e.phrase) {
		if last.e.weight > first.e.weight {
			return last
		}
		return first
	}
	return last
}

// covers says o spans m: same start or overlapping word range.
func covers(o, m match) bool {
	if isCJK(o.e.phrase) != isCJK(m.e.phrase) {
		return false
	}
	if isCJK(o.e.phrase) {
		return strings.Contains(o.e.phrase, m.e.phrase)
	}
	ow, mw := o.len/10, m.len/10
	os, ms := o.pos/1000, m.pos/1000
	return ms >= os && ms+mw <= os+ow
}

func longestMatch(ms []match) *match {
	var best *match
	for i := range ms {
		if best == nil || ms[i].len > best.len || (ms[i].len == best.len && ms[i].pos < best.pos) {
			best = &ms[i]
		}
	}
	return best
}

// isCJK says s is written in Hangul, kana or Han, which do not separate words by spaces.
func isCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// oneEditApart says a (a header word) is b (a lexicon word of 6 or more letters) with one
// letter added, dropped or changed: a typo ("Localtion", "Purpse").
func oneEditApart(a, b []rune) bool {
	if len(b) < 6 || len(a) < 6 {
		return false
	}
	if d := len(a) - len(b); d > 1 || d < -1 {
		return false
	}
	// One edit leaves the first or the last letter where it was.
	if a[0] != b[0] && a[len(a)-1] != b[len(b)-1] || slices.Equal(a, b) {
		return false
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	switch {
	case len(a) == len(b):
		return slices.Equal(a[i+1:], b[i+1:])
	case len(a) > len(b):
		return slices.Equal(a[i+1:], b[i:])
	default:
		return slices.Equal(a[i:], b[i+1:])
	}
}
