import { describe, expect, it } from 'vitest';
import { joinedText, parseWaitlistMessage } from '../../src/pages/event/waitlist';

describe('parseWaitlistMessage', () => {
  it('reads a place in line and an offered hold', () => {
    expect(parseWaitlistMessage('{"type":"waiting","position":3}')).toEqual({ type: 'waiting', position: 3 });
    expect(parseWaitlistMessage('{"type":"offer","holdId":"h1"}')).toEqual({ type: 'offer', holdId: 'h1' });
  });

  it('ignores anything it cannot act on', () => {
    expect(parseWaitlistMessage('{"type":"waiting"}')).toBeNull();
    expect(parseWaitlistMessage('{"type":"offer"}')).toBeNull();
    expect(parseWaitlistMessage('{"type":"expired"}')).toBeNull();
    expect(parseWaitlistMessage('not json')).toBeNull();
    expect(parseWaitlistMessage('null')).toBeNull();
  });
});

describe('joinedText', () => {
  it('says the place in line when the server told it', () => {
    expect(joinedText(1)).toBe('You are on the waitlist, number 1. When seats free up they are held for you and shown here.');
    expect(joinedText()).toBe('You are on the waitlist. When seats free up they are held for you and shown here.');
  });
});
