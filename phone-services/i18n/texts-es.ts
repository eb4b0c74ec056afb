import type { PhoneTexts } from './phone-texts.js';

export const textsEs: PhoneTexts = {
  title: 'Bloqueo de teléfono',
  keys: { select: 'Elegir', exit: 'Salir', back: 'Atrás', submit: 'Enviar', changePin: 'PIN', retry: 'Reintentar', open: 'Abrir' },
  menu: {
    prompt: 'Elija una opción',
    choosePrompt: 'Elija una línea',
    defaultPinPrompt: 'Cambie su PIN, por favor',
    lock: 'Bloquear mi línea',
    unlock: 'Desbloquear mi línea',
    changePin: 'Cambiar PIN',
    status: 'Estado del bloqueo',
  },
  lineItem: (line, locked) => `${line} (${locked ? 'bloqueada' : 'libre'})`,
  pin: {
    lockTitle: 'Bloquear línea',
    unlockTitle: 'Desbloquear línea',
    changeTitle: 'Cambiar PIN',
    prompt: (length) => `Introduzca su PIN (${length} dígitos)`,
    changePrompt: 'PIN actual y el nuevo 2 veces',
    label: 'PIN',
    current: 'PIN actual',
    new: 'PIN nuevo',
    repeat: 'Repita el PIN nuevo',
  },
  done: {
    locked: (line) => `La línea ${line} está bloqueada. Las llamadas salientes están bloqueadas, excepto los números de emergencia.`,
    unlocked: (line) => `La línea ${line} está desbloqueada. Las llamadas salientes están permitidas.`,
    alreadyLocked: (line) => `La línea ${line} ya está bloqueada por usted.`,
    alreadyUnlocked: (line) => `La línea ${line} no está bloqueada.`,
    pinChanged: 'Su PIN ha sido cambiado.',
    lockedPrompt: 'Línea bloqueada',
    unlockedPrompt: 'Línea desbloqueada',
  },
  changeDefaultPin: 'Todavía usa el PIN que se le asignó. Elija uno propio con Cambiar PIN.',
  status: {
    prompt: 'Estado del bloqueo',
    locked: (line, kinds) => `Línea ${line}: BLOQUEADA (${kinds})`,
    unlocked: (line) => `Línea ${line}: libre`,
    kinds: { user: 'por usted', admin: 'por el administrador', budget: 'presupuesto agotado' },
    since: (time) => `desde ${time}`,
  },
  notice: { lockedPrompt: 'Su línea está bloqueada', unlockedPrompt: 'Su línea está libre' },
  errors: {
    prompt: 'No es posible',
    missingName:
      'El servicio no sabe qué teléfono lo llama. Pida a su administrador que configure la URL del servicio como .../phone/menu?name=#DEVICENAME#',
    unknownDevice: (name) => `El teléfono ${name} no está en el directorio de bloqueo. Consulte a su administrador.`,
    noLines: (name) => `El teléfono ${name} no tiene ninguna línea en el directorio de bloqueo. Consulte a su administrador.`,
    unknownLine: 'Esta línea no está en este teléfono.',
    wrongPin: (left) =>
      left > 0 ? `PIN incorrecto. Queda${left === 1 ? '' : 'n'} ${left} intento${left === 1 ? '' : 's'}.` : 'PIN incorrecto. Demasiados PIN erróneos: la entrada queda bloqueada un tiempo.',
    lockedOut: (minutes) => `Demasiados PIN erróneos. Inténtelo de nuevo en ${minutes} minuto${minutes === 1 ? '' : 's'}.`,
    pinNotSet: 'Esta línea no tiene PIN. Pida a su administrador que lo restablezca.',
    enterPin: 'Introduzca su PIN.',
    adminLocked: (line) => `La línea ${line} está bloqueada por el administrador. Solo el administrador puede desbloquearla.`,
    budgetLocked: (line) =>
      `La línea ${line} está bloqueada porque su presupuesto de llamadas está agotado. Se desbloquea con el próximo periodo o por el administrador.`,
    pinMismatch: 'Los dos PIN nuevos no coinciden. Inténtelo de nuevo.',
    pinRejected: (problem, length) =>
      ({
        'not-digits': 'Un PIN solo contiene dígitos.',
        'wrong-length': `El PIN nuevo debe tener exactamente ${length} dígitos.`,
        trivial: 'Ese PIN es demasiado fácil (dígitos repetidos o series como 1234). Elija otro.',
        'same-as-old': 'El PIN nuevo debe ser distinto del actual.',
        'same-as-default': 'El PIN nuevo debe ser distinto del PIN predeterminado.',
      })[problem],
    unavailable: 'El servicio no está disponible ahora. Inténtelo más tarde.',
  },
};
