export default {
  en: {
    title: 'Membership',
    lead: 'Members keep the club going. They pay member prices for tickets, book before everyone else and are invited to members’ evenings.',
    perMonth: '{{price}} a month',
    perYear: '{{price}} a year',
    notOpen:
      'Joining online opens soon. Until then, ask for membership at the door on any event night, or write to the club.',
    plansHeading: 'Plans',
  },
  ru: {
    title: 'Членство в клубе',
    lead: 'Члены клуба поддерживают его жизнь. Они покупают билеты по цене для членов клуба, записываются раньше всех и приглашаются на вечера для своих.',
    perMonth: '{{price}} в месяц',
    perYear: '{{price}} в год',
    notOpen:
      'Вступить онлайн можно будет совсем скоро. А пока спросите о членстве на входе в любой вечер или напишите в клуб.',
    plansHeading: 'Варианты',
  },
}
