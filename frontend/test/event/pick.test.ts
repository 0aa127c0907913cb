import { describe, expect, it } from 'vitest';
import { pickStep, pickSummary, takenText } from '../../src/pages/event/pick';
import { formatMoney } from '../../src/seatMap';

const free = { standing: false, picked: false, free: true };
const open = { holding: false, count: 0, max: 4 };

describe('pickStep', () => {
  it('adds a free seat and puts back a picked one', () => {
    expect(pickStep(free, open)).toBe('added');
    expect(pickStep({ ...free, picked: true }, { ...open, count: 1 })).toBe('removed');
  });

  it('sends a standing place to best available before anything else, even while holding', () => {
    expect(pickStep({ ...free, standing: true }, { ...open, holding: true })).toBe('standing');
  });

  it('picks nothing while a hold is shown, not even putting a seat back', () => {
    expect(pickStep(free, { ...open, holding: true })).toBe('holding');
    expect(pickStep({ ...free, picked: true }, { ...open, holding: true })).toBe('holding');
  });

  it('refuses a seat someone else has and a seat past the limit, but still puts one back at the limit', () => {
    expect(pickStep({ ...free, free: false }, open)).toBe('taken');
    expect(pickStep(free, { ...open, count: 4 })).toBe('limit');
    expect(pickStep({ ...free, picked: true, free: false }, { ...open, count: 4 })).toBe('removed');
  });
});

describe('pickSummary', () => {
  const euros = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

  it('invites a pick and disables the hold button while nothing is picked', () => {
    expect(pickSummary([], false)).toEqual({ total: 'Pick seats on the map or in the list.', holdLabel: 'Hold seats', holdDisabled: true });
  });

  it('adds up the prices and counts the seats on the hold button', () => {
    expect(pickSummary([euros(5000)], false)).toEqual({ total: `Total ${formatMoney(euros(5000))}`, holdLabel: 'Hold 1 seat',
      holdDisabled: false });
    expect(pickSummary([euros(5000), euros(2000)], false).total).toBe(`Total ${formatMoney(euros(7000))}`);
    expect(pickSummary([euros(5000), euros(2000)], false).holdLabel).toBe('Hold 2 seats');
  });

  it('disables the hold button while a hold is shown', () => {
    expect(pickSummary([euros(5000)], true).holdDisabled).toBe(true);
  });
});

describe('takenText', () => {
  it('names the seats someone else took, in singular or plural', () => {
    expect(takenText(['S-A-5'])).toBe('Sorry, S-A-5 was just taken by someone else.');
    expect(takenText(['S-A-5', 'S-A-6'])).toBe('Sorry, S-A-5, S-A-6 were just taken by someone else.');
  });
});
