// The staff area's frame. Each capability's staff pages keep their texts in its own namespace.
export default {
  en: {
    nav: {
      label: 'Staff',
      events: 'Events',
      members: 'Members',
      speakers: 'Speakers',
      venues: 'Venues',
      people: 'People and roles',
      audit: 'Audit log',
    },
  },
  ru: {
    nav: {
      label: 'Раздел сотрудников',
      events: 'События',
      members: 'Члены клуба',
      speakers: 'Спикеры',
      venues: 'Площадки',
      people: 'Люди и роли',
      audit: 'Журнал действий',
    },
  },
}
