// A stand-in for Stripe.js (js.stripe.com is out of reach of the tests): the browser tests
// serve it at Stripe.js's address, so the page loads it exactly as it loads Stripe's, under the
// same Content-Security-Policy. It offers the calls Marquee's page makes, with Stripe's test
// payment methods: the card field is a list of them, and handleNextAction waits, as Stripe's
// 3-D Secure dialog does, until the test says what the buyer's bank answered
// (window.stripeStandIn.answer(true|false)) after confirming the PaymentIntent at the stand-in
// of Stripe's API.
(function () {
  const standIn = { key: null, nextActions: [], answer: null };
  window.stripeStandIn = standIn;
  function Stripe(key) {
    standIn.key = key;
    let select = null;
    return {
      elements() {
        return {
          create() {
            return {
              mount(target) {
                const box = typeof target === 'string' ? document.querySelector(target) : target;
                select = document.createElement('select');
                select.setAttribute('data-testid', 'stripe-test-card');
                for (const id of ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_authenticationRequired']) {
                  const option = document.createElement('option');
                  option.value = id;
                  option.textContent = id;
                  select.append(option);
                }
                box.append(select);
              },
              on() {},
              destroy() {},
            };
          },
        };
      },
      async createPaymentMethod({ type }) {
        return { paymentMethod: { id: select.value, type } };
      },
      handleNextAction({ clientSecret }) {
        standIn.nextActions.push(clientSecret);
        return new Promise((resolve) => {
          standIn.answer = (authenticated) => resolve(authenticated
            ? { paymentIntent: { id: clientSecret.split('_secret_')[0], status: 'succeeded' } }
            : { error: { type: 'card_error', message: 'We are unable to authenticate your payment method.' } });
        });
      },
    };
  }
  Stripe.version = 3;
  window.Stripe = Stripe;
})();
