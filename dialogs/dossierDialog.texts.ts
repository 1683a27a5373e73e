/**
 * Everything the dossier conversation says, in the manual's terms ("Kies soort overstap",
 * "ouders hebben inzage gehad", "dossier gereedmaken"). Steps refer to the manual's numbers.
 */
import { formatSize } from '../src/app/attachments';
import type { Category } from '../src/domain/categories';
import { formatDutchDate, type IsoDate } from '../src/domain/dates';
import { BIJLAGE_EXTENSIES } from '../src/domain/oso/osoCodes';
import { SOORT_OVERSTAP_UITLEG, type SoortOverstap } from '../src/domain/soortOverstap';
import { quoteInput } from '../src/domain/text/quoteInput';
import { escapeMarkdown as md } from './shared/markdown';

/** Names (data) as a Dutch list, escaped for chat Markdown. */
const lijst = (namen: string[]): string =>
  namen.length <= 1 ? md(namen[0] ?? '') : `${namen.slice(0, -1).map(md).join(', ')} en ${md(namen[namen.length - 1]!)}`;
/** The first name, for a command the user can type ("nieuw dossier Zoë"). */
const eerste = (namen: string[]): string => md(namen[0] ?? '');

/** Step 5's help: only the soorten the own school can send. */
const soortHelp = (soorten: readonly SoortOverstap[]): string =>
  `${soorten.map((s) => `${s}: ${SOORT_OVERSTAP_UITLEG[s]}.`).join(' ')} Welke soorten u kunt kiezen, hangt af van de soort school (basisonderwijs of voortgezet onderwijs, zie "beheer"). ${soorten.includes('POPO') ? 'De handleiding zegt: kies voor POPO. U mag het ook typen als "popo" of "PO-PO".' : 'U mag het ook typen als "vovo" of "VO-VO".'}`;

export interface GereedTekst {
  namen: string[];
  /** The BRIN the dossier is addressed to. */
  brin: string;
  /** Addressed to the own school, so the own LDOS requests it. */
  eigenBrin: boolean;
  /** The pupils among `namen` identified by an onderwijsnummer. */
  metOnderwijsnummer: string[];
}

/** "(gegevens aanwezig)", "(geen gegevens)", or with several pupils who has data. */
function gegevensLabel(c: Category, metGegevens: string[], leerlingen: string[]): string {
  const geen = c.code === 'bijlagedocs' ? '(geen documenten in de administratie; u kunt zelf bestanden toevoegen)' : '(geen gegevens)';
  if (leerlingen.length <= 1) return metGegevens.length > 0 ? '(gegevens aanwezig)' : geen;
  if (metGegevens.length === 0) return c.code === 'bijlagedocs' ? geen : '(bij geen van de leerlingen gegevens)';
  if (metGegevens.length === leerlingen.length) return '(gegevens bij alle leerlingen)';
  return `(gegevens bij ${metGegevens.map(md).join(', ')})`;
}

/** A roster's eindtoets cannot go out (OSO needs the codes of the OSO document): said, not hidden. */
function nietMeeLabel(nietMee: string[], leerlingen: string[]): string {
  if (nietMee.length === 0) return '';
  const wie = leerlingen.length > 1 ? ` van ${nietMee.map(md).join(', ')}` : '';
  return ` — de eindtoets${wie} uit de leerlingenlijst kan niet mee: OSO vraagt de toetscodes; lees daarvoor het OSO-dossier uit Esis in`;
}

export const TEXT = {
  start: 'We maken samen het OSO-overstapdossier (stap 1–19 van de handleiding). Ik stel steeds één vraag; "help" geeft uitleg, "terug" gaat naar de vorige vraag en "annuleren" stopt (wat u al invulde, bewaar ik als concept).',

  leerling: {
    term: 'Leerling (stap 4)',
    uitleg: 'de leerling van wie u het dossier klaarzet.',
    vraag: 'Welke leerling? Typ (een deel van) de naam of het BSN. Meerdere leerlingen tegelijk kan ook: scheid ze met komma\'s.',
    help: 'Zoek de leerling op zoals in Esis: typ een deel van de voor- of achternaam (hoofdletters en accenten maken niet uit: "zoe" vindt Zoë) of het BSN van 9 cijfers. Voor meerdere leerlingen met dezelfde antwoorden: "zoe, daan". Elke leerling krijgt een eigen dossier.',
  },
  welke: {
    vraag: (invoer: string) => `Er zijn meerdere leerlingen met "${md(quoteInput(invoer))}" in de naam. Welke bedoelt u?`,
    help: 'Kies de juiste leerling met de knop of typ het nummer uit de lijst. Staat de leerling er niet bij? Typ "terug" en zoek opnieuw.',
  },
  gevonden: (namen: string[]) => `Gevonden: ${lijst(namen)}.`,
  alGereed: (naam: string) =>
    `${md(naam)} heeft al een dossier met status "gereed". Dat kan ik niet overschrijven: trek het eerst in met "intrekken ${md(naam)}", en maak daarna een nieuw dossier.`,
  alVerstrekt: (naam: string) =>
    `${md(naam)} heeft al een dossier dat verstrekt is aan LDOS. Het nieuwe dossier vervangt het pas als het gereed is; tot dan blijft het verstrekte dossier zoals het is, daarna wordt het bewaard in het archief.`,
  geenLeerlingOver: 'Er is geen leerling over om een dossier voor te maken. Typ "nieuw dossier" om opnieuw te beginnen.',
  bestaand: {
    vraag: (concepten: { naam: string; maker: string }[]) =>
      `${concepten.map((c) => `Voor ${md(c.naam)} is al een concept-dossier, gemaakt door ${md(c.maker)}.`).join(' ')} Wilt u verdergaan met het concept (de antwoorden worden voorgesteld), het vervangen door een nieuw dossier, of het laten staan (dan verandert er niets)?`,
    help: '"verdergaan": ik stel bij elke vraag het antwoord uit het concept voor; "ok" neemt het over. "vervangen": u begint opnieuw en het oude concept verdwijnt als u het nieuwe opslaat. "laten staan": ik verander niets.',
    verdergaan: 'verdergaan',
    vervangen: 'vervangen',
    // Not "stoppen": that word cancels the whole conversation (shared/interruptions).
    laten: 'laten staan',
    gestopt: 'Ik heb niets veranderd; het bestaande concept blijft zoals het is.',
    /** The concept's maker as the user reads it. */
    maker: (naam: string, eigen: boolean) => (eigen ? 'uzelf' : naam),
  },
  anderConcept: {
    vraag: (meldingen: string[], kanVerdergaan: boolean) =>
      `${meldingen.map(md).join('\n\n')}\n\nWat wilt u? "overnemen": uw antwoorden vervangen dat concept${kanVerdergaan ? '; "verdergaan": ik laat u dat concept zien en u gaat daarmee verder' : ''}; "laten staan": dat concept blijft zoals het is en uw antwoorden voor deze leerling worden niet bewaard.`,
    help: '"overnemen" bewaart uw antwoorden in plaats van het andere concept (overleg eerst met uw collega). "verdergaan" toont de samenvatting van het andere concept. "laten staan" laat alles zoals het is.',
    overnemen: 'overnemen',
    verdergaan: 'verdergaan',
    laten: 'laten staan',
    gestopt: (namen: string[]) => `Ik heb het andere concept van ${lijst(namen)} laten staan; uw antwoorden daarvoor zijn niet bewaard.`,
  },

  soort: {
    term: 'Soort overstap (stap 5)',
    uitleg: 'van welk soort school naar welk soort school de leerling gaat.',
    vraag: 'Welke soort overstap? Voor het ophalen in LDOS kiest u POPO.',
    /** A school for voortgezet onderwijs sends VOVO only. */
    vraagVo: 'Welke soort overstap? Uw school geeft voortgezet onderwijs, dus dat is VOVO.',
    /** For a primary school (BAO, SBO, SO), the fixtures' school. */
    help: soortHelp(['POPO', 'POVO']),
    /** Only the soorten the own school can send (see soortenOverstapVoor). */
    helpVoor: soortHelp,
  },

  schooladvies: {
    term: 'Schooladvies (bij POVO)',
    uitleg: 'het advies van de school voor het voortgezet onderwijs; bij POVO is het verplicht.',
    tekst: (adviezen: readonly { code: string; woorden: string; kort: string }[]) =>
      `Adviezen (met de DUO-code die in het dossier komt):\n${adviezen.map((a, i) => `${i + 1}. ${a.kort === a.woorden ? a.woorden : `${a.kort}: ${a.woorden}`} (code ${a.code})`).join('\n')}`,
    vraag: (naam: string) =>
      `Bij POVO hoort het schooladvies, en in de leerlingadministratie staat er voor ${md(naam)} geen (als DUO-code). Wat is het schooladvies van ${md(naam)}? Kies met de knop of typ het nummer.`,
    help: 'Het schooladvies is het advies van uw school voor het voortgezet onderwijs; het gaat als DUO-code (codelijst "Advies VO") met het dossier mee. Kies het advies met de knop of het nummer, of typ het ("havo", "vmbo-kb"). Een andere DUO-code mag u ook typen (bijvoorbeeld 33). Staat het advies wel in Esis? Dan kunt u het daar aanvullen en de leerlingenlijst opnieuw importeren; dit antwoord geldt alleen voor dit dossier.',
  },
  toestemming: {
    term: 'Toestemming (bij VOVO)',
    uitleg: 'of de ouders toestemming geven voor de overstap; bij VOVO vraagt OSO daarom.',
    vraag: 'Geven de ouders toestemming voor deze overstap? Ja, Nee of Onbekend.',
    help: 'Bij een overstap binnen het voortgezet onderwijs (VOVO) vermeldt het dossier of de ouders toestemming geven voor de overstap. Ja: ze gaven toestemming. Nee: ze gaven geen toestemming. Onbekend: u weet het niet (zo komt het ook in het dossier).',
  },

  categorieen: {
    term: 'Informatiecategorieën (stap 6)',
    uitleg: 'welke gegevens van de leerling meegaan.',
    verplicht: (cats: Category[]) => `Altijd mee (verplicht): ${cats.map((c) => c.naam).join(', ')}.`,
    /** Each optional category with whether the pupil(s) have data for it (issue 19: nobody chooses an empty category unknowingly). */
    keuze: (cats: { categorie: Category; metGegevens: string[]; nietMee: string[] }[], leerlingen: string[]) =>
      `Naar keuze:\n${cats
        .map(({ categorie: c, metGegevens, nietMee }, i) => `${i + 1}. ${c.naam} — ${c.uitleg} ${gegevensLabel(c, metGegevens, leerlingen)}${nietMeeLabel(nietMee, leerlingen)}`)
        .join('\n')}`,
    vraag: 'Welke categorieën naar keuze wilt u overdragen? Typ nummers of namen (bijvoorbeeld "1, 3 en 5"), "alle" of "geen".',
    help: 'De verplichte categorieën gaan altijd mee. Van de andere kiest u wat de nieuwe school nodig heeft: typ de nummers ("1, 3 en 5"), de namen ("verzuim, toetsresultaten"), "alle" of "geen".',
    kaartTitel: 'Categorieën naar keuze',
    kaartKnop: 'Verder',
    standaardAlle: 'alle',
    standaardGeen: 'geen',
  },

  schooljaren: {
    term: 'Aantal schooljaren (stap 7)',
    uitleg: 'hoeveel schooljaren aan gegevens meegaan: dit schooljaar en de jaren ervoor.',
    vraag: 'Hoeveel schooljaren? Kies 1, 2 of 3 — de handleiding zegt: het maximum van 3.',
    help: 'Een schooljaar loopt van 1 augustus tot en met 31 juli. Met 3 gaan dit schooljaar en de twee schooljaren ervoor mee; oudere gegevens niet. U mag ook "drie" typen.',
  },

  contactpersoon: {
    term: 'Gegevens contactpersoon (stap 8)',
    uitleg: 'wie de ontvangende school kan bellen of mailen over dit dossier.',
    vraag: 'Wie is de contactpersoon? Typ naam, telefoonnummer en e-mail, gescheiden door komma\'s — of alleen wat anders moet (bijvoorbeeld alleen het telefoonnummer).',
    help: 'Voorgesteld worden uw eigen gegevens. Typ "ok" om ze te gebruiken, of typ bijvoorbeeld "Anja de Vries, 06-12345678, a.devries@school.nl". Typt u alleen een telefoonnummer, dan blijft de naam staan.',
  },

  bijlagen: {
    term: 'Bijlagen (stap 10)',
    uitleg: 'documenten die met het dossier meegaan, zoals een handelingsplan of rapport.',
    vraag: 'Stuur eventuele bijlagen nu als bestand in de chat (paperclip), of typ "geen".',
    meer: (aantal: number) =>
      aantal === 0
        ? 'Er zijn nog geen bijlagen bewaard. Stuur de bestanden (opnieuw), of typ "geen".'
        : `Er ${aantal === 1 ? 'is 1 bijlage' : `zijn ${aantal} bijlagen`} bewaard. Nog meer bestanden? Stuur ze, of typ "klaar".`,
    help: `Sleep het bestand in de chat of gebruik de paperclip. OSO neemt aan: ${BIJLAGE_EXTENSIES.map((e) => e.toUpperCase()).join(', ')}; hoogstens 10 MB per bestand, 25 MB en 10 bestanden per dossier. Geen bijlagen? Typ "geen".`,
    ontvangen: (namen: { naam: string; grootte: number }[]) => `Bewaard: ${namen.map((b) => `${md(b.naam)} (${formatSize(b.grootte)})`).join(', ')}.`,
    bijlagedocs: 'Ik heb de categorie Bijlagedocs aangezet, anders gaan de bijlagen niet mee.',
    maximum: (naam: string) => `"${md(naam)}" heb ik niet bewaard: een dossier kan hoogstens 10 bijlagen hebben.`,
    samenTeGroot: (naam: string) =>
      `"${md(naam)}" heb ik niet bewaard: de bijlagen van een dossier mogen samen hoogstens 25 MB zijn. Verklein het bestand (bijvoorbeeld als PDF opslaan) en stuur het opnieuw.`,
    /** Bijlagedocs switched off while files were kept: summary and document must agree. */
    weggehaald: (namen: string[]) =>
      `U heeft Bijlagedocs niet (meer) gekozen, dus gaan de bijlagen niet mee: ik heb ${lijst(namen)} weggehaald. Wilt u ze toch meesturen, kies dan ook Bijlagedocs en stuur de bestanden opnieuw.`,
    klaarKnop: 'klaar',
    geenKnop: 'geen',
  },

  voorlopig: {
    term: 'Voorlopig (stap 12)',
    uitleg: 'of de overstap nog niet definitief is.',
    vraag: 'Is de overstap voorlopig? Standaard is dit "nee".',
    help: 'Kies "ja" als nog niet zeker is dat de leerling overstapt; de ontvangende school ziet dan dat het dossier voorlopig is. Voor het inlezen in LDOS is dit normaal "nee".',
  },

  contactGewenst: {
    term: 'Contact gewenst (stap 13)',
    uitleg: 'of u wilt dat de ontvangende school contact met u opneemt.',
    vraag: 'Wilt u dat de ontvangende school contact opneemt? (naar eigen keuze)',
    help: 'Kies "ja" als u de leerling graag mondeling wilt toelichten. Dan is een telefoonnummer van de contactpersoon nodig.',
  },

  telefoon: {
    term: 'Telefoonnummer contactpersoon',
    uitleg: 'bij "contact gewenst" hoort een telefoonnummer.',
    vraag: (naam: string) => `Op welk telefoonnummer is ${md(naam)} bereikbaar?`,
    help: 'Typ 10 cijfers, bijvoorbeeld 06-12345678 of 020-1234567. Wilt u toch geen contact? Typ "terug" en kies "nee".',
  },

  brin: {
    term: 'BRIN-nummer (stap 14)',
    uitleg: 'het BRIN-nummer van de school die het dossier ophaalt.',
    waarschuwing: (eigen: string) =>
      `LET OP: vul hier het BRIN-nummer van uw eigen school in (${eigen}), niet dat van een andere school: dit is uw eigen BRIN-nummer, omdat u het dossier in uw eigen LDOS wilt ophalen. (In het filmpje wordt gesproken over de ontvangende school; voor LDOS is dat uw eigen school.)`,
    vraag: 'Welk BRIN-nummer?',
    help: (eigen: string) =>
      `Het dossier gaat via OSO naar LDOS van uw eigen samenwerkingsverband. Daarom vult u uw eigen BRIN-nummer in: ${eigen}. De directie haalt het dossier daarna in LDOS op met het BSN en datzelfde BRIN-nummer. Een BRIN-nummer is 2 cijfers en 2 letters, bijvoorbeeld 12AB.`,
    geenSchool: 'Het BRIN-nummer van uw school is nog niet ingesteld. Vraag de beheerder dit te doen; typ nu het BRIN-nummer van uw eigen school.',
    opnieuw: 'Goed, dan niet. Vul het BRIN-nummer opnieuw in.',
  },
  andereBrin: {
    vraag: (ander: string, eigen: string) =>
      `U vulde ${ander} in. Dat is NIET uw eigen BRIN-nummer (${eigen}). LET OP: voor het ophalen in uw eigen LDOS moet hier uw eigen BRIN-nummer staan; met ${ander} kan alleen die school het dossier opvragen. Weet u zeker dat het dossier naar ${ander} moet?`,
    help: (eigen: string) =>
      `Kies "nee" om het BRIN-nummer te verbeteren (uw eigen BRIN is ${eigen}). Kies alleen "ja" als het dossier echt door een andere school moet worden opgehaald.`,
  },

  inzage: {
    term: 'Ouders hebben inzage gehad (stap 15)',
    uitleg: 'zonder inzage door de ouders kan het dossier niet worden opgevraagd.',
    vraag: 'Hebben de ouders/verzorgers het dossier ingezien?',
    help: 'De ouders/verzorgers moeten het dossier hebben kunnen inzien voordat het wordt overgedragen. Zonder inzage antwoordt OSO bij het opvragen "LeerlinginfoNietOpvraagbaar". Antwoord ja of nee.',
    nee: (namen: string[]) =>
      `Ik heb het dossier van ${lijst(namen)} bewaard als concept. Laat eerst de ouders/verzorgers het dossier inzien. Daarna: typ "nieuw dossier ${eerste(namen)}", kies "verdergaan" en vul bij "ouders hebben inzage gehad" ja en de datum in; dan kunt u het gereedmaken.`,
  },
  inzageDatum: {
    term: 'Datum inzage',
    uitleg: 'wanneer de ouders het dossier hebben ingezien.',
    vraag: 'Op welke datum hadden de ouders inzage? Bijvoorbeeld 3-9-2026, "vandaag" of "gisteren".',
    help: 'Typ de datum als dag-maand-jaar (3-9-2026 of 03-09-2026), als 2026-09-03, zonder jaar ("3 oktober", "3 okt" of "3-10": de laatste keer dat het die datum was), of "vandaag" / "gisteren". De datum mag niet in de toekomst liggen.',
  },
  inzageMedewerker: {
    term: 'Naam medewerker',
    uitleg: 'wie de inzage met de ouders heeft gedaan.',
    vraag: 'Welke medewerker heeft de inzage gedaan?',
    help: 'Typ de naam van de medewerker die het dossier met de ouders heeft besproken. Typ "ok" als u dat zelf was.',
    wat: 'de naam van de medewerker',
    voorbeeld: 'Anja de Vries',
  },

  akkoord: {
    term: 'Ouders gaan akkoord (stap 16)',
    uitleg: 'of de ouders het eens zijn met de inhoud van het dossier.',
    vraag: 'Gaan de ouders akkoord met de inhoud? Ja, Nee of Onbekend.',
    help: 'Ja: de ouders zijn het eens met het dossier. Nee: ze zijn het (deels) oneens; u vult dan hun reden in, die met het dossier meegaat, en het dossier kan toch gereed worden gemaakt. Onbekend: u weet het niet.',
  },
  reden: {
    term: 'Reden',
    uitleg: 'de reden van de ouders gaat met het dossier mee.',
    vraag: 'Waarom gaan de ouders niet akkoord?',
    help: 'Beschrijf kort waar de ouders het niet mee eens zijn, bijvoorbeeld "ouders zijn het niet eens met het advies". Het dossier kan daarna toch gereed worden gemaakt.',
    wat: 'de reden',
    voorbeeld: 'ouders zijn het niet eens met het advies',
  },

  gereedmaken: {
    term: 'Dossier gereedmaken (stap 17–18)',
    vraag: 'Dossier gereedmaken?',
    /** Buttons of the summary card in Teams: they answer "ja" and "annuleren". */
    kaartGereedmaken: 'Gereedmaken',
    kaartAnnuleren: 'Annuleren',
    help: '"ja": het dossier krijgt status "gereed" en kan in LDOS worden opgevraagd. "nee": het dossier blijft een concept dat u later kunt afmaken ("nieuw dossier", dan "verdergaan").',
  },

  samenvatting: (s: {
    leerlingen: string[];
    soort: string;
    verplicht: string[];
    gekozen: string[];
    schooljaren: string;
    contact: string;
    bijlagen: { naam: string; grootte: number }[];
    voorlopig: boolean;
    contactGewenst: boolean;
    brin: string;
    eigenBrin: boolean;
    inzage: { datum?: IsoDate; medewerker?: string };
    akkoord: string;
    reden?: string;
    /** POVO: the advice given in the conversation, per pupil ("Zoë: havo, code 60"). */
    schooladvies?: string[];
    /** VOVO: the parents' toestemming. */
    toestemming?: string;
    /** Chosen categories that send nothing, per pupil (leerling only named when there are several). */
    zonderGegevens: { leerling?: string; categorieen: string[] }[];
  }) =>
    [
      '**Samenvatting**',
      `- Leerling${s.leerlingen.length > 1 ? 'en (elk een eigen dossier)' : ''}: ${s.leerlingen.map(md).join('; ')}`,
      `- Soort overstap: ${s.soort}`,
      ...(s.schooladvies?.length ? [`- Schooladvies: ${s.schooladvies.map(md).join('; ')}`] : []),
      ...(s.toestemming ? [`- Toestemming ouders voor de overstap: ${s.toestemming}`] : []),
      `- Informatiecategorieën: verplicht ${s.verplicht.join(', ')}; naar keuze ${s.gekozen.length ? s.gekozen.join(', ') : 'geen'}`,
      ...(s.zonderGegevens.length
        ? [`- LET OP, gekozen maar zonder gegevens in deze schooljaren (gaat leeg mee): ${s.zonderGegevens.map((z) => (z.leerling ? `${md(z.leerling)}: ${z.categorieen.join(', ')}` : z.categorieen.join(', '))).join('; ')}`]
        : []),
      `- Aantal schooljaren: ${s.schooljaren}`,
      `- Contactpersoon: ${md(s.contact)}`,
      `- Bijlagen: ${s.bijlagen.length ? s.bijlagen.map((b) => `${md(b.naam)} (${formatSize(b.grootte)})`).join(', ') : 'geen'}`,
      `- Voorlopig: ${s.voorlopig ? 'ja' : 'nee'}`,
      `- Contact gewenst: ${s.contactGewenst ? 'ja' : 'nee'}`,
      `- BRIN-nummer: ${s.brin}${s.eigenBrin ? ' (uw eigen BRIN)' : ' (LET OP: niet uw eigen BRIN)'}`,
      `- Ouders hebben inzage gehad: ja, op ${s.inzage.datum ? formatDutchDate(s.inzage.datum) : '?'} (medewerker: ${s.inzage.medewerker ? md(s.inzage.medewerker) : '?'})`,
      `- Ouders gaan akkoord: ${s.akkoord}${s.reden ? ` — reden: ${md(s.reden)}` : ''}`,
    ].join('\n'),
  schooljarenLabel: (aantal: number, eerste: number, laatste: number) =>
    `${aantal} (${aantal === 1 ? `${eerste}-${eerste + 1}` : `${eerste}-${eerste + 1} t/m ${laatste}-${laatste + 1}`})`,

  /**
   * Step 20 depends on who can request the dossier: the own LDOS only when it is addressed to
   * the own BRIN; the directie asks with the onderwijsnummer when a pupil has no BSN.
   */
  gereed: (g: GereedTekst) => {
    const nummer = g.metOnderwijsnummer.length === 0
      ? 'het BSN van de leerling'
      : g.metOnderwijsnummer.length === g.namen.length
        ? 'het onderwijsnummer van de leerling (niet een BSN: dit dossier is met het onderwijsnummer gemaakt)'
        : `het BSN van de leerling (voor ${lijst(g.metOnderwijsnummer)}: het onderwijsnummer, niet een BSN)`;
    const stap20 = g.eigenBrin
      ? `Stap 20: zodra de directie het in LDOS opvraagt (OSO – aanvraag overdracht, met ${nummer} en BRIN-nummer ${g.brin}), wordt de status "verstrekt".`
      : `Stap 20: het dossier is gericht aan BRIN-nummer ${g.brin}. Alleen die school kan het opvragen (met ${nummer}), niet uw eigen LDOS. Zodra die school het opvraagt, wordt de status "verstrekt".`;
    return `Het dossier van ${lijst(g.namen)} staat nu klaar met status "gereed" (stap 19).\n\n${stap20} U kunt dat volgen met "status" of "mijn dossiers".`;
  },
  nuAlGereed: (namen: string[]) =>
    `Het dossier van ${lijst(namen)} staat al klaar met status "gereed" (stap 19): dat was al gelukt voordat de storing uw antwoord onderbrak. U hoeft niets opnieuw te doen; volg het met "status" of "mijn dossiers".`,
  /** `reden` is a plain-text problem message (domain or src/app): escaped here like the name. */
  nietGereed: (naam: string, reden: string) => `Het dossier van ${md(naam)} is bewaard als concept, maar nog niet gereed: ${md(reden)}`,
  concept: (namen: string[]) =>
    `Het dossier van ${lijst(namen)} is bewaard als concept. Maak het later gereed met "nieuw dossier ${eerste(namen)}" en kies "verdergaan".`,
  geannuleerdBewaard: (namen: string[]) =>
    `Wat u al had ingevuld, heb ik bewaard als concept voor ${lijst(namen)}. Ga later verder met "nieuw dossier ${eerste(namen)}" en kies "verdergaan".`,
  nietBewaard: (naam: string, reden: string) => `Het dossier van ${md(naam)} is niet bewaard: ${md(reden)}`,
};
