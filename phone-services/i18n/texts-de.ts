import type { PhoneTexts } from './phone-texts.js';

export const textsDe: PhoneTexts = {
  title: 'Telefonsperre',
  keys: { select: 'Wählen', exit: 'Beenden', back: 'Zurück', submit: 'Senden', changePin: 'PIN', retry: 'Erneut', open: 'Öffnen' },
  menu: {
    prompt: 'Option wählen',
    choosePrompt: 'Leitung wählen',
    defaultPinPrompt: 'Bitte PIN ändern',
    lock: 'Meine Leitung sperren',
    unlock: 'Meine Leitung entsperren',
    changePin: 'PIN ändern',
    status: 'Sperrstatus',
  },
  lineItem: (line, locked) => `${line} (${locked ? 'gesperrt' : 'frei'})`,
  pin: {
    lockTitle: 'Leitung sperren',
    unlockTitle: 'Leitung entsperren',
    changeTitle: 'PIN ändern',
    prompt: (length) => `PIN eingeben (${length} Ziffern)`,
    changePrompt: 'Alte PIN, dann neue zweimal',
    label: 'PIN',
    current: 'Aktuelle PIN',
    new: 'Neue PIN',
    repeat: 'Neue PIN wiederholen',
  },
  done: {
    locked: (line) => `Leitung ${line} ist jetzt gesperrt. Abgehende Anrufe sind gesperrt, außer Notrufnummern.`,
    unlocked: (line) => `Leitung ${line} ist jetzt entsperrt. Abgehende Anrufe sind möglich.`,
    alreadyLocked: (line) => `Leitung ${line} ist bereits von Ihnen gesperrt.`,
    alreadyUnlocked: (line) => `Leitung ${line} ist nicht gesperrt.`,
    pinChanged: 'Ihre PIN wurde geändert.',
    lockedPrompt: 'Leitung gesperrt',
    unlockedPrompt: 'Leitung entsperrt',
  },
  changeDefaultPin: 'Sie verwenden noch die zugeteilte PIN. Bitte wählen Sie mit "PIN ändern" eine eigene.',
  status: {
    prompt: 'Sperrstatus',
    locked: (line, kinds) => `Leitung ${line}: GESPERRT (${kinds})`,
    unlocked: (line) => `Leitung ${line}: frei`,
    kinds: { user: 'von Ihnen', admin: 'vom Administrator', budget: 'Budget aufgebraucht' },
    since: (time) => `seit ${time}`,
  },
  notice: { lockedPrompt: 'Ihre Leitung ist gesperrt', unlockedPrompt: 'Ihre Leitung ist entsperrt' },
  errors: {
    prompt: 'Nicht möglich',
    missingName:
      'Der Dienst weiß nicht, welches Telefon anfragt. Bitten Sie Ihren Administrator, die Dienst-URL auf .../phone/menu?name=#DEVICENAME# zu setzen.',
    unknownDevice: (name) => `Telefon ${name} ist nicht im Verzeichnis der Telefonsperre. Wenden Sie sich an Ihren Administrator.`,
    noLines: (name) => `Telefon ${name} hat keine Leitung im Verzeichnis der Telefonsperre. Wenden Sie sich an Ihren Administrator.`,
    unknownLine: 'Diese Leitung ist nicht auf diesem Telefon.',
    wrongPin: (left) =>
      left > 0 ? `Falsche PIN. Noch ${left} Versuch${left === 1 ? '' : 'e'}.` : 'Falsche PIN. Zu viele falsche PINs: die Eingabe ist vorübergehend gesperrt.',
    lockedOut: (minutes) => `Zu viele falsche PINs. Bitte in ${minutes} Minute${minutes === 1 ? '' : 'n'} erneut versuchen.`,
    pinNotSet: 'Für diese Leitung ist keine PIN gesetzt. Bitten Sie Ihren Administrator, sie zurückzusetzen.',
    enterPin: 'Bitte geben Sie Ihre PIN ein.',
    adminLocked: (line) => `Leitung ${line} ist vom Administrator gesperrt. Nur der Administrator kann sie entsperren.`,
    budgetLocked: (line) =>
      `Leitung ${line} ist gesperrt, weil das Gesprächsbudget aufgebraucht ist. Sie wird mit der nächsten Budgetperiode oder vom Administrator entsperrt.`,
    pinMismatch: 'Die beiden neuen PINs stimmen nicht überein. Bitte erneut versuchen.',
    pinRejected: (problem, length) =>
      ({
        'not-digits': 'Eine PIN besteht nur aus Ziffern.',
        'wrong-length': `Die neue PIN muss genau ${length} Ziffern haben.`,
        trivial: 'Diese PIN ist zu leicht zu erraten (gleiche Ziffern oder Folgen wie 1234). Bitte eine andere wählen.',
        'same-as-old': 'Die neue PIN muss sich von der aktuellen unterscheiden.',
        'same-as-default': 'Die neue PIN muss sich von der Standard-PIN unterscheiden.',
      })[problem],
    unavailable: 'Der Dienst ist gerade nicht verfügbar. Bitte später erneut versuchen.',
  },
};
