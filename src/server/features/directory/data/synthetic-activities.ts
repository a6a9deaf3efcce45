import type { CategoryKey } from '../../../../shared/directory-categories';
import type { Bilingual } from './synthetic-templates';

/** What synthetic listings offer: one bilingual name and description per activity, by category. */
export type ActivityTemplate = {
  categories: readonly [CategoryKey, ...CategoryKey[]];
  name: Bilingual;
  description: Bilingual;
};

export const activityTemplates: readonly [ActivityTemplate, ...ActivityTemplate[]] = [
  // social connection
  {
    categories: ['social'],
    name: { fr: 'Café-rencontre', en: 'Coffee and chat' },
    description: {
      fr: 'Un moment convivial autour d’un café pour jaser, rencontrer des voisins et briser la solitude.',
      en: 'A friendly get-together over coffee to chat, meet neighbours and feel less lonely.',
    },
  },
  {
    categories: ['social', 'civic'],
    name: { fr: 'Visites d’amitié', en: 'Friendly visiting' },
    description: {
      fr: 'Un bénévole vous rend visite chaque semaine à domicile pour parler, jouer aux cartes ou se promener.',
      en: 'A volunteer visits you at home each week to talk, play cards or go for a walk.',
    },
  },
  {
    categories: ['social', 'peer'],
    name: { fr: 'Appels d’amitié', en: 'Friendly phone calls' },
    description: {
      fr: 'Des appels téléphoniques réguliers d’un bénévole pour les personnes qui vivent seules.',
      en: 'Regular phone calls from a volunteer for people who live alone.',
    },
  },
  {
    categories: ['social', 'physical'],
    name: { fr: 'Centre de jour pour aînés', en: "Seniors' day centre" },
    description: {
      fr: 'Jeux de cartes, bingo, exercices doux et dîner chaud dans un lieu chaleureux.',
      en: 'Card games, bingo, gentle exercise and a hot lunch in a welcoming place.',
    },
  },
  {
    categories: ['social', 'practical'],
    name: { fr: 'Dîner communautaire', en: 'Community lunch' },
    description: {
      fr: 'Un repas chaud partagé chaque semaine, gratuit ou à petit prix, pour manger ensemble.',
      en: 'A shared hot meal each week, free or low cost, to eat together.',
    },
  },
  {
    categories: ['social', 'learning', 'peer'],
    name: { fr: 'Cabane des hommes', en: "Men's shed" },
    description: {
      fr: 'Un atelier où l’on bricole, répare et travaille le bois en bonne compagnie.',
      en: 'A workshop to tinker, repair and work with wood in good company.',
    },
  },
  {
    categories: ['social', 'arts'],
    name: { fr: 'Après-midi de jeux de société', en: 'Board games afternoon' },
    description: {
      fr: 'Scrabble, échecs, mah-jong et jeux de cartes pour se faire des amis.',
      en: 'Scrabble, chess, mah-jong and card games to make friends.',
    },
  },
  // arts and culture
  {
    categories: ['arts', 'social'],
    name: { fr: 'Chorale communautaire', en: 'Community choir' },
    description: {
      fr: 'Une chorale sans audition : chansons connues, pas besoin de lire la musique.',
      en: 'A no-audition choir singing well-known songs; no need to read music.',
    },
  },
  {
    categories: ['arts', 'social'],
    name: { fr: 'Cercle de tricot', en: 'Knitting circle' },
    description: {
      fr: 'Tricot et crochet autour d’un thé ; les débutants apprennent les mailles de base.',
      en: 'Knitting and crochet over tea; beginners learn the basic stitches.',
    },
  },
  {
    categories: ['arts', 'peer'],
    name: { fr: 'Art-thérapie en groupe', en: 'Group art therapy' },
    description: {
      fr: 'Peinture et collage guidés par une art-thérapeute pour exprimer ses émotions.',
      en: 'Painting and collage guided by an art therapist to express feelings.',
    },
  },
  {
    categories: ['arts', 'learning'],
    name: { fr: 'Atelier de peinture et d’aquarelle', en: 'Painting and watercolour class' },
    description: {
      fr: 'Initiation à la peinture, à l’aquarelle et au dessin ; matériel fourni.',
      en: 'An introduction to painting, watercolour and drawing; materials provided.',
    },
  },
  {
    categories: ['arts', 'social'],
    name: { fr: 'Théâtre amateur', en: 'Community theatre' },
    description: {
      fr: 'Improvisation et création d’une pièce présentée en fin de saison.',
      en: 'Improv and a play created together and performed at the end of the season.',
    },
  },
  {
    categories: ['arts', 'learning', 'social'],
    name: { fr: 'Club de lecture', en: 'Book club' },
    description: {
      fr: 'Un livre par mois et une discussion conviviale à la bibliothèque.',
      en: 'One book a month and a friendly discussion at the library.',
    },
  },
  // physical activity and sport
  {
    categories: ['physical', 'nature', 'social'],
    name: { fr: 'Club de marche', en: 'Walking group' },
    description: {
      fr: 'Marche en groupe d’une heure, à un rythme adapté à chacun.',
      en: 'An hour-long group walk at a pace that suits everyone.',
    },
  },
  {
    categories: ['physical'],
    name: { fr: 'Yoga sur chaise', en: 'Chair yoga' },
    description: {
      fr: 'Yoga doux assis ou en appui sur une chaise pour l’équilibre et la souplesse.',
      en: 'Gentle yoga seated or holding a chair, for balance and flexibility.',
    },
  },
  {
    categories: ['physical'],
    name: { fr: 'Aquaforme', en: 'Aquafit' },
    description: {
      fr: 'Exercices dans l’eau chaude, sans impact sur les articulations ; pas besoin de savoir nager.',
      en: 'Exercise in warm water that is easy on the joints; no need to know how to swim.',
    },
  },
  {
    categories: ['physical', 'peer'],
    name: { fr: 'Tai-chi pour l’équilibre', en: 'Tai chi for balance' },
    description: {
      fr: 'Mouvements lents pour prévenir les chutes et calmer l’esprit.',
      en: 'Slow movements to prevent falls and calm the mind.',
    },
  },
  {
    categories: ['physical', 'arts', 'social'],
    name: { fr: 'Danse en ligne', en: 'Line dancing' },
    description: {
      fr: 'Chorégraphies faciles sur de la musique entraînante ; pas besoin de partenaire.',
      en: 'Easy routines to upbeat music; no partner needed.',
    },
  },
  {
    categories: ['physical', 'nature'],
    name: { fr: 'Marche nordique', en: 'Nordic walking' },
    description: {
      fr: 'Marche avec bâtons en plein air ; bâtons prêtés.',
      en: 'Walking with poles outdoors; poles provided.',
    },
  },
  {
    categories: ['physical', 'social'],
    name: { fr: 'Pickleball pour débutants', en: 'Beginner pickleball' },
    description: {
      fr: 'Un sport de raquette facile à apprendre, en double, dans une ambiance amicale.',
      en: 'An easy-to-learn racquet sport played in doubles in a friendly setting.',
    },
  },
  // nature and green space
  {
    categories: ['nature', 'social', 'learning'],
    name: { fr: 'Atelier de jardinage', en: 'Gardening workshop' },
    description: {
      fr: 'Semis, plantation et récolte au jardin communautaire ; outils fournis.',
      en: 'Sowing, planting and harvesting at the community garden; tools provided.',
    },
  },
  {
    categories: ['nature', 'social'],
    name: { fr: 'Jardin communautaire', en: 'Community garden' },
    description: {
      fr: 'Parcelles et potager collectif, corvées du samedi et partage des récoltes.',
      en: 'Plots and a shared vegetable garden, Saturday work bees and shared harvests.',
    },
  },
  {
    categories: ['nature', 'learning', 'physical'],
    name: { fr: 'Sortie nature guidée', en: 'Guided nature walk' },
    description: {
      fr: 'Observation des oiseaux et des plantes avec un guide naturaliste.',
      en: 'Birdwatching and plant spotting with a naturalist guide.',
    },
  },
  {
    categories: ['nature', 'civic'],
    name: { fr: 'Corvée de nettoyage et plantation', en: 'Park clean-up and tree planting' },
    description: {
      fr: 'Nettoyage des berges, plantation d’arbres et de fleurs pour les pollinisateurs.',
      en: 'Shoreline clean-up, planting trees and flowers for pollinators.',
    },
  },
  {
    categories: ['nature', 'learning'],
    name: { fr: 'Atelier de compostage', en: 'Composting workshop' },
    description: {
      fr: 'Apprendre à composter chez soi et au jardin collectif.',
      en: 'Learn to compost at home and in the shared garden.',
    },
  },
  // civic engagement and volunteering
  {
    categories: ['civic'],
    name: { fr: 'Jumelage bénévole', en: 'Volunteer matching' },
    description: {
      fr: 'Trouver un rôle bénévole qui vous ressemble : accueil, cuisine, jardin, accompagnement.',
      en: 'Find a volunteer role that suits you: reception, cooking, gardening, companionship.',
    },
  },
  {
    categories: ['civic', 'social'],
    name: { fr: 'Comité citoyen de quartier', en: 'Neighbourhood residents’ committee' },
    description: {
      fr: 'Des résidents se réunissent pour améliorer leur quartier et organiser des fêtes.',
      en: 'Residents meet to improve their neighbourhood and organise events.',
    },
  },
  {
    categories: ['civic', 'practical'],
    name: { fr: 'Association de locataires', en: "Tenants' association" },
    description: {
      fr: 'Des locataires s’organisent pour les réparations et le respect de leurs droits.',
      en: 'Tenants organise together for repairs and their rights.',
    },
  },
  {
    categories: ['civic', 'learning'],
    name: { fr: 'Bénévoles en aide aux devoirs', en: 'Homework help volunteers' },
    description: {
      fr: 'Des bénévoles accompagnent des élèves une heure par semaine.',
      en: 'Volunteers support students for an hour a week.',
    },
  },
  {
    categories: ['civic', 'practical'],
    name: { fr: 'Bénévolat à la banque alimentaire', en: 'Food bank volunteering' },
    description: {
      fr: 'Tri des denrées et accueil des familles, en équipe.',
      en: 'Sorting food and welcoming families, as part of a team.',
    },
  },
  // learning and skills
  {
    categories: ['learning'],
    name: { fr: 'Initiation à la tablette et au cellulaire', en: 'Tablet and smartphone basics' },
    description: {
      fr: 'Courriel, appels vidéo et sécurité en ligne, en petits groupes.',
      en: 'Email, video calls and staying safe online, in small groups.',
    },
  },
  {
    categories: ['learning', 'social'],
    name: { fr: 'Cercle de conversation anglaise', en: 'English conversation circle' },
    description: {
      fr: 'Pratiquer l’anglais dans une ambiance détendue, tous niveaux.',
      en: 'Practise English in a relaxed group, all levels.',
    },
  },
  {
    categories: ['learning', 'social'],
    name: { fr: 'Cercle de conversation française', en: 'French conversation circle' },
    description: {
      fr: 'Pratiquer le français en petit groupe avec des bénévoles.',
      en: 'Practise French in a small group with volunteers.',
    },
  },
  {
    categories: ['learning', 'practical'],
    name: { fr: 'Cours de cuisine santé', en: 'Healthy cooking class' },
    description: {
      fr: 'Recettes simples et économiques, et gestion du budget d’épicerie.',
      en: 'Simple, budget-friendly recipes and how to plan groceries.',
    },
  },
  {
    categories: ['learning', 'peer'],
    name: { fr: 'Ateliers mémoire', en: 'Memory workshops' },
    description: {
      fr: 'Exercices ludiques pour stimuler la mémoire et la concentration.',
      en: 'Fun exercises to keep memory and concentration sharp.',
    },
  },
  // practical support
  {
    categories: ['practical', 'social'],
    name: { fr: 'Popote roulante', en: 'Meals on wheels' },
    description: {
      fr: 'Repas chauds livrés à domicile en semaine par des bénévoles.',
      en: 'Hot meals delivered to your home on weekdays by volunteers.',
    },
  },
  {
    categories: ['practical'],
    name: { fr: 'Banque alimentaire', en: 'Food bank' },
    description: {
      fr: 'Distribution de denrées fraîches et non périssables, accueil sans jugement.',
      en: 'Fresh and non-perishable food, welcoming and without judgement.',
    },
  },
  {
    categories: ['practical', 'learning', 'social'],
    name: { fr: 'Cuisine collective', en: 'Community kitchen' },
    description: {
      fr: 'Cuisiner ensemble des repas économiques et repartir avec des portions.',
      en: 'Cook affordable meals together and take portions home.',
    },
  },
  {
    categories: ['practical'],
    name: { fr: 'Aide au logement', en: 'Housing help' },
    description: {
      fr: 'Recherche de logement abordable, droits des locataires, avis d’expulsion et aide au loyer.',
      en: 'Finding affordable housing, tenant rights, eviction notices and help with rent.',
    },
  },
  {
    categories: ['practical'],
    name: { fr: 'Comptoir d’impôts', en: 'Tax clinic' },
    description: {
      fr: 'Déclaration de revenus gratuite par des bénévoles pour les revenus modestes.',
      en: 'Free income tax returns by volunteers for people on a modest income.',
    },
  },
  {
    categories: ['practical'],
    name: { fr: 'Transport bénévole', en: 'Volunteer drivers' },
    description: {
      fr: 'Des chauffeurs bénévoles vous conduisent à vos rendez-vous médicaux.',
      en: 'Volunteer drivers take you to your medical appointments.',
    },
  },
  {
    categories: ['practical', 'learning'],
    name: { fr: 'Atelier budget', en: 'Budgeting workshop' },
    description: {
      fr: 'Faire son budget, gérer ses dettes et demander les prestations auxquelles on a droit.',
      en: 'Make a budget, manage debt and apply for the benefits you are entitled to.',
    },
  },
  // peer support and mental wellbeing
  {
    categories: ['peer'],
    name: { fr: 'Groupe de soutien au deuil', en: 'Grief support group' },
    description: {
      fr: 'Rencontres entre personnes endeuillées, animées par une intervenante.',
      en: 'Meetings for bereaved people, led by a counsellor.',
    },
  },
  {
    categories: ['peer', 'learning'],
    name: { fr: 'Apprivoiser l’anxiété', en: 'Managing anxiety' },
    description: {
      fr: 'Ateliers de groupe sur l’anxiété et le stress : respiration, relaxation, outils concrets.',
      en: 'Group sessions on anxiety and stress: breathing, relaxation, practical tools.',
    },
  },
  {
    categories: ['peer'],
    name: { fr: 'Entraide en santé mentale', en: 'Mental health peer support' },
    description: {
      fr: 'Soutien entre pairs pour les personnes qui vivent de la déprime ou de la dépression.',
      en: 'Peer support for people living with low mood or depression.',
    },
  },
  {
    categories: ['peer', 'social'],
    name: { fr: 'Café des proches aidants', en: 'Caregivers’ café' },
    description: {
      fr: 'Répit, écoute et information pour les personnes qui prennent soin d’un proche.',
      en: 'Respite, a listening ear and information for people caring for a relative.',
    },
  },
  {
    categories: ['peer'],
    name: { fr: 'Méditation et pleine conscience', en: 'Meditation and mindfulness' },
    description: {
      fr: 'Pratiques guidées de pleine conscience pour réduire le stress.',
      en: 'Guided mindfulness practice to reduce stress.',
    },
  },
];
