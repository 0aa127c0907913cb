// The example page's script: load the component from the Marquee server named in the query, point
// it at the event, and keep a pick of the seats clicked (the component outlines them).
const params = new URLSearchParams(location.search);
const server = (params.get('server') ?? location.origin).replace(/\/$/, '');
await import(`${server}/embed/marquee-seat-map.js`);

const map = document.getElementById('map');
const clicked = document.getElementById('clicked');
const picked = document.getElementById('picked');
map.setAttribute('server', server);
map.setAttribute('event', params.get('event') ?? '');
map.addEventListener('seat-click', (event) => {
  const { seatId, status, description } = event.detail;
  clicked.textContent = description;
  if (status !== 'AVAILABLE' && !map.selected.includes(seatId)) {
    return;
  }
  map.selected = map.selected.includes(seatId) ? map.selected.filter((id) => id !== seatId) : [...map.selected, seatId];
  picked.textContent = map.selected.join(', ') || 'none';
});
