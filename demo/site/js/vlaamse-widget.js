// The site's code from its Flemish-widget days, unchanged: the entry style mounts, then sets the menu.
const client = window.globalHeaderClient;

client
  .mount()
  .then(() =>
    Promise.all([
      client.accessMenu.setMainLinks([
        { label: 'Home', href: '/' },
        { label: 'Afval', href: '/diensten/afval.html' },
        { label: 'Parkeren', href: '/diensten/parkeren.html' },
        { label: 'Vlaanderen.be', href: 'https://www.vlaanderen.be', isExternal: true, target: '_blank' },
      ]),
      client.accessMenu.setApplicationMenuLinks([{ label: 'Mijn bewonerskaart', href: '/diensten/parkeren.html' }]),
      client.contact.setServicePoints({
        contextual: [
          {
            key: 'parkeerwinkel',
            name: 'Parkeerwinkel',
            label: 'Parkeerwinkel Lindegem',
            channels: [
              {
                name: 'Bel de parkeerwinkel',
                type: 'link-mobile',
                url: 'tel:+3293334466',
                availability: {
                  remark: '',
                  hours: [
                    [{ from: '09:00', to: '12:00' }],
                    [
                      { from: '09:00', to: '12:00' },
                      { from: '13:30', to: '16:00' },
                    ],
                    [],
                    [{ from: '09:00', to: '12:00' }],
                    [{ from: '09:00', to: '12:00' }],
                    [],
                    [],
                  ],
                },
              },
              { name: 'Mail de parkeerwinkel', type: 'link', icon: 'mail', url: 'mailto:parkeren@lindegem.example' },
            ],
          },
          { type: 'contactOption', contactGroupId: 'OVO002949' },
        ],
        defaults: [{ type: 'link', href: '/contact.html', label: 'Contactformulier' }],
      }),
    ]),
  )
  .catch((error) => console.error('site: the header could not be set up', error));
