/** A titled section that opens and closes (the article's "Click Scheduling to expand that section"). */
import { useId, useState, type ReactNode } from "react";

export function CollapsibleSection({ title, children, initiallyOpen = false }: { title: string; children: ReactNode; initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const id = useId();
  return (
    <section className="collapsible" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <button type="button" className="collapsible-toggle" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {title}
        </button>
      </h2>
      <div id={`${id}-body`} className="collapsible-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
