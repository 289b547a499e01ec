/** A bounded FIFO of name events between two `drain()` calls. */
import type { NameEvent } from "./name_event.ts";

export class EventQueue {
  #events: NameEvent[] = [];
  #dropped = 0;
  readonly #capacity: number;

  /** `capacity` events are held at most; later ones are dropped and counted. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Events dropped because the queue was full, since construction. */
  get dropped(): number {
    return this.#dropped;
  }

  get length(): number {
    return this.#events.length;
  }

  push(event: NameEvent): void {
    if (this.#events.length >= this.#capacity) {
      this.#dropped++;
      return;
    }
    this.#events.push(event);
  }

  /** The events held, oldest first; the queue is empty afterwards. */
  drain(): NameEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }
}
