import type { PhoneTexts } from './phone-texts.js';

export const textsFr: PhoneTexts = {
  title: 'Verrouillage',
  keys: { select: 'Choisir', exit: 'Quitter', back: 'Retour', submit: 'Valider', changePin: 'PIN', retry: 'Réessayer', open: 'Ouvrir' },
  menu: {
    prompt: 'Choisissez une option',
    choosePrompt: 'Choisissez une ligne',
    defaultPinPrompt: 'Veuillez changer votre PIN',
    lock: 'Verrouiller ma ligne',
    unlock: 'Déverrouiller ma ligne',
    changePin: 'Changer le PIN',
    status: 'État du verrouillage',
  },
  lineItem: (line, locked) => `${line} (${locked ? 'verrouillée' : 'libre'})`,
  pin: {
    lockTitle: 'Verrouiller la ligne',
    unlockTitle: 'Déverrouiller la ligne',
    changeTitle: 'Changer le PIN',
    prompt: (length) => `Saisissez votre PIN (${length} chiffres)`,
    changePrompt: 'PIN actuel puis nouveau (2x)',
    label: 'PIN',
    current: 'PIN actuel',
    new: 'Nouveau PIN',
    repeat: 'Répéter le nouveau PIN',
  },
  done: {
    locked: (line) => `La ligne ${line} est maintenant verrouillée. Les appels sortants sont bloqués, sauf les numéros d'urgence.`,
    unlocked: (line) => `La ligne ${line} est maintenant déverrouillée. Les appels sortants sont autorisés.`,
    alreadyLocked: (line) => `La ligne ${line} est déjà verrouillée par vous.`,
    alreadyUnlocked: (line) => `La ligne ${line} n'est pas verrouillée.`,
    pinChanged: 'Votre PIN a été modifié.',
    lockedPrompt: 'Ligne verrouillée',
    unlockedPrompt: 'Ligne déverrouillée',
  },
  changeDefaultPin: 'Vous utilisez encore le PIN qui vous a été attribué. Choisissez le vôtre avec Changer le PIN.',
  status: {
    prompt: 'État du verrouillage',
    locked: (line, kinds) => `Ligne ${line} : VERROUILLÉE (${kinds})`,
    unlocked: (line) => `Ligne ${line} : libre`,
    kinds: { user: 'par vous', admin: "par l'administrateur", budget: 'budget épuisé' },
    since: (time) => `depuis ${time}`,
  },
  notice: { lockedPrompt: 'Votre ligne est verrouillée', unlockedPrompt: 'Votre ligne est libre' },
  errors: {
    prompt: 'Impossible',
    missingName:
      "Le service ne sait pas quel téléphone l'appelle. Demandez à votre administrateur de régler l'URL du service sur .../phone/menu?name=#DEVICENAME#",
    unknownDevice: (name) => `Le téléphone ${name} n'est pas dans l'annuaire du verrouillage. Contactez votre administrateur.`,
    noLines: (name) => `Le téléphone ${name} n'a aucune ligne dans l'annuaire du verrouillage. Contactez votre administrateur.`,
    unknownLine: "Cette ligne n'est pas sur ce téléphone.",
    wrongPin: (left) =>
      left > 0
        ? `PIN incorrect. ${left} essai${left === 1 ? '' : 's'} restant${left === 1 ? '' : 's'}.`
        : 'PIN incorrect. Trop de PIN erronés : la saisie est bloquée pour un moment.',
    lockedOut: (minutes) => `Trop de PIN erronés. Réessayez dans ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    pinNotSet: "Aucun PIN n'est défini pour cette ligne. Demandez à votre administrateur de le réinitialiser.",
    enterPin: 'Veuillez saisir votre PIN.',
    adminLocked: (line) => `La ligne ${line} est verrouillée par l'administrateur. Seul l'administrateur peut la déverrouiller.`,
    budgetLocked: (line) =>
      `La ligne ${line} est verrouillée car son budget d'appels est épuisé. Elle sera déverrouillée à la prochaine période ou par l'administrateur.`,
    pinMismatch: 'Les deux nouveaux PIN sont différents. Veuillez réessayer.',
    pinRejected: (problem, length) =>
      ({
        'not-digits': 'Un PIN ne contient que des chiffres.',
        'wrong-length': `Le nouveau PIN doit avoir exactement ${length} chiffres.`,
        trivial: 'Ce PIN est trop facile à deviner (chiffres répétés ou suite comme 1234). Choisissez-en un autre.',
        'same-as-old': "Le nouveau PIN doit être différent de l'actuel.",
        'same-as-default': 'Le nouveau PIN doit être différent du PIN par défaut.',
      })[problem],
    unavailable: "Le service n'est pas disponible pour le moment. Veuillez réessayer plus tard.",
  },
};
