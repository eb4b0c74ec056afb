/** A padlock, closed or open; the state is also written out beside it (the icon is decoration). */
export function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg
      class={`lock-icon ${locked ? 'is-locked' : 'is-unlocked'}`}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="4" y="11" width="16" height="11" rx="2" fill="currentColor" />
      <path
        d={locked ? 'M8 11V7a4 4 0 0 1 8 0v4' : 'M8 11V7a4 4 0 0 1 7.9-0.9'}
        fill="none"
        stroke="currentColor"
        stroke-width="2"
      />
    </svg>
  );
}
