// <marquee-seat-map>: the live seat map as a web component, for any site to put on its page
// against a Marquee server, so another ticketing system can use Marquee as its seating engine.
//
//   <script type="module" src="https://marquee.example/embed/marquee-seat-map.js"></script>
//   <marquee-seat-map server="https://marquee.example" event="EVENT-ID"></marquee-seat-map>
//
// It draws the venue's plan and keeps it live over the WebSocket; it holds nothing itself. A
// click on a seat dispatches `seat-click` ({seatId, status, price, description}); the page
// holds and buys through the API from its own server, and marks the seats it picked with
// the element's `selected` property (an array of seat ids). The server lists the page's origin
// in `marquee.embed.allowed-origins`.
import { MapView } from './mapView';
import { STATUS_WORDS, SeatMap, formatMoney, type Money, type SeatMapLayout } from './seatMap';
import { SeatStream, type Connection } from './seatStream';

export interface SeatClick {
  seatId: string;
  status: string;
  price: Money;
  description: string;
}

export class MarqueeSeatMap extends HTMLElement {
  static readonly observedAttributes = ['server', 'event'];

  private view?: MapView;

  private stream?: SeatStream;

  private map?: SeatMap;

  private readonly picked = new Set<number>();

  private readonly canvas: HTMLCanvasElement;

  private readonly status: HTMLElement;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `:host { display: block; position: relative; min-height: 240px; font: 14px system-ui, sans-serif; }
      canvas { width: 100%; height: 100%; display: block; cursor: pointer; touch-action: none; }
      .status { position: absolute; top: 6px; right: 8px; font-size: 12px; color: #5f6068; }`;
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('part', 'canvas');
    this.status = document.createElement('span');
    this.status.className = 'status';
    this.status.setAttribute('part', 'status');
    root.append(style, this.canvas, this.status);
  }

  /** The seats the page has picked, outlined on the map. */
  get selected(): string[] {
    return this.map ? [...this.picked].map((i) => this.map!.ids[i]) : [];
  }

  set selected(seatIds: string[]) {
    const before = [...this.picked];
    this.picked.clear();
    for (const id of seatIds) {
      const i = this.map?.indexOf(id) ?? -1;
      if (i >= 0) {
        this.picked.add(i);
      }
    }
    this.view?.repaint([...before, ...this.picked]);
  }

  /** The live map, for the page (and tests) to read. */
  get seatMap(): { map?: SeatMap; view?: MapView } {
    return { map: this.map, view: this.view };
  }

  connectedCallback(): void {
    void this.load();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) {
      this.stop();
      void this.load();
    }
  }

  private stop(): void {
    this.stream?.stop();
    this.view?.destroy();
    this.stream = undefined;
    this.view = undefined;
  }

  private async load(): Promise<void> {
    const server = (this.getAttribute('server') ?? location.origin).replace(/\/$/, '');
    const event = this.getAttribute('event');
    if (!event) {
      return;
    }
    this.say('loading…', 'connecting');
    const answer = await fetch(`${server}/api/v1/events/${encodeURIComponent(event)}/seatmap`, { headers: { Accept: 'application/json' } });
    if (!answer.ok) {
      this.say('no such event', 'gone');
      return;
    }
    const map = new SeatMap((await answer.json()) as SeatMapLayout);
    this.map = map;
    const view = new MapView(this.canvas, map, this.picked, new Set(), {
      toggle: (seat) => this.dispatchEvent(new CustomEvent<SeatClick>('seat-click', {
        bubbles: true,
        composed: true,
        detail: {
          seatId: map.ids[seat],
          status: map.statusOf(seat),
          price: map.price(seat),
          description: `${map.describe(seat)}, ${STATUS_WORDS[map.statusOf(seat)]}, ${formatMoney(map.price(seat))}`,
        },
      })),
    });
    this.view = view;
    const socket = `${server.replace(/^http/, 'ws')}/ws/events/${encodeURIComponent(event)}`;
    this.stream = new SeatStream(socket, {
      snapshot: (_seq, statuses) => {
        map.applySnapshot(statuses);
        view.redraw();
      },
      changes: (_seq, changes) => view.repaint(map.applyChanges(changes)),
      connection: (state) => this.say(state === 'live' ? 'live' : state, state),
    });
    this.stream.start();
  }

  private say(text: string, state: Connection): void {
    this.status.textContent = text;
    this.dataset.state = state;
  }
}

if (!customElements.get('marquee-seat-map')) {
  customElements.define('marquee-seat-map', MarqueeSeatMap);
}
